"""`quizzer review`: today's review session (the TUI, or --plain line mode).

Textual is imported only when the TUI starts, so `import quizzer.cli` stays light.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from quizzer import paths
from quizzer.cli.app import app
from quizzer.cli.deck_args import DeckOption, TrustOption, load_or_exit, require_trust
from quizzer.cli.engine_args import DeviceOption, TimeoutOption
from quizzer.cli.output import fail
from quizzer.decks.model import Deck
from quizzer.engine import DeviceUnavailable, WorkerPool
from quizzer.exit_codes import ExitCode
from quizzer.judging import Judge
from quizzer.plain import PlainSession
from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import SettingsError, load_settings
from quizzer.session import StudySession
from quizzer.store.errors import DatabaseError

TagOption = Annotated[list[str] | None, typer.Option("--tag", help="Only questions with this tag (repeatable).")]


@app.command()
def review(
    deck: DeckOption = None,
    only: Annotated[list[str] | None, typer.Option("--only", help="Only this deck id (repeatable).")] = None,
    tag: TagOption = None,
    device: DeviceOption = "auto",
    timeout: TimeoutOption = 10.0,
    plain: Annotated[bool, typer.Option("--plain", help="Line-based session on stdin/stdout (docs/plain.md).")] = False,
    trust: TrustOption = False,
) -> None:
    """Review today's questions: the TUI opens on the decks, or on the review when --only/--tag narrow it."""
    decks = load_or_exit(deck)
    require_trust(decks, trust)
    with open_service() as service, WorkerPool(size=1, device=device, default_timeout_s=timeout) as pool:
        try:
            pool.start()  # returns at once: torch loads in the workers while the first question is read
            if not plain:
                code = run_tui(decks, service, Judge(pool, timeout), only, tag)
                if code:
                    raise typer.Exit(code)
                return
            session = StudySession(decks, service, Judge(pool, timeout), deck_ids=only, tags=tag)
            PlainSession(session, iter(sys.stdin), sys.stdout).run()
        except DeviceUnavailable as unavailable:
            fail(f"--device {device}: {unavailable}", ExitCode.USAGE)
        except KeyboardInterrupt:
            raise typer.Exit(ExitCode.INTERRUPTED) from None


def run_tui(
    decks: list[Deck], service: ReviewService, judge: Judge, deck_ids: Collection[str] | None, tags: Collection[str] | None
) -> int:
    """Run the Textual app until the learner quits; its exit code."""
    from quizzer.tui.app import QuizzerApp
    from quizzer.tui.config import TuiConfigError, load_tui_config

    try:
        config = load_tui_config(paths.config_file())
    except TuiConfigError as bad:
        fail(str(bad), ExitCode.INVALID_DATA)
    app = QuizzerApp(decks, service, judge, deck_ids=deck_ids, tags=tags, config=config)
    app.run()
    return app.return_code or 0


@contextmanager
def open_service() -> Iterator[ReviewService]:
    """The review store at `quizzer locate db`, with the settings of `quizzer locate config`.

    A database failure while it is open (a lock held past the busy timeout, a full disk)
    ends the command with exit 4 and one line naming the database, never a traceback.
    """
    try:
        settings = load_settings(paths.config_file())
    except SettingsError as bad:
        fail(str(bad), ExitCode.INVALID_DATA)
    try:
        paths.data_dir().mkdir(parents=True, exist_ok=True)
        service = ReviewService(paths.db_url(), settings)
    except OSError as error:
        fail(f"cannot create the data folder {paths.data_dir()}: {error.strerror or error}", ExitCode.DATABASE)
    except DatabaseError as error:
        fail(str(error), ExitCode.DATABASE)
    try:
        yield service
    except DatabaseError as error:
        fail(str(error), ExitCode.DATABASE)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        fail(f"database error in {paths.db_url()}: {reason}", ExitCode.DATABASE)
    finally:
        service.close()
