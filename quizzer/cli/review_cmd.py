"""`quizzer review`: today's review session (the TUI, or --plain line mode)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from quizzer import paths
from quizzer.cli.app import app
from quizzer.cli.deck_args import DeckOption, TrustOption, load_or_exit, require_trust
from quizzer.cli.engine_args import DeviceOption, TimeoutOption
from quizzer.cli.output import fail
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
    """Review today's questions."""
    decks = load_or_exit(deck)
    require_trust(decks, trust)
    with open_service() as service, WorkerPool(size=1, device=device, default_timeout_s=timeout) as pool:
        try:
            pool.start()
            session = StudySession(decks, service, Judge(pool, timeout), deck_ids=only, tags=tag)
            PlainSession(session, iter(sys.stdin), sys.stdout).run()
        except DeviceUnavailable as unavailable:
            fail(f"--device {device}: {unavailable}", ExitCode.USAGE)
        except DatabaseError as error:
            fail(str(error), ExitCode.DATABASE)
        except KeyboardInterrupt:
            raise typer.Exit(ExitCode.INTERRUPTED) from None


@contextmanager
def open_service() -> Iterator[ReviewService]:
    """The review store at `quizzer locate db`, with the settings of `quizzer locate config`."""
    try:
        settings = load_settings(paths.config_file())
    except SettingsError as bad:
        fail(str(bad), ExitCode.INVALID_DATA)
    try:
        paths.data_dir().mkdir(parents=True, exist_ok=True)
        service = ReviewService(paths.db_url(), settings)
    except DatabaseError as error:
        fail(str(error), ExitCode.DATABASE)
    try:
        yield service
    finally:
        service.close()
