"""`quizzer review`: today's review session (the TUI, or --plain line mode).

Nothing heavy loads with this module. When the TUI has something to paint at once (the
saved copy of the scope's next question, ``quizzer.study.shown``; on a first start, the
first question guessed from the deck cache, ``quizzer.study.first_question``; the home
screen when every deck was read before) it paints it and opens the decks, the store and
the torch workers behind it; otherwise, and for --plain, they open first, so a broken
deck or database is reported before any screen.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quizzer import paths
from quizzer.cli.app import app
from quizzer.cli.deck_args import (
    DeckOption,
    TrustOption,
    chosen_paths,
    require_trusted_files,
)
from quizzer.cli.engine_args import DeviceOption, TimeoutOption
from quizzer.cli.output import exit_with, fail
from quizzer.decks.search import deck_files
from quizzer.device_request import AUTO, DeviceRequest
from quizzer.exit_codes import ExitCode
from quizzer.study.opener import OpenFailed, Services, ServicesOpener, open_store

if TYPE_CHECKING:
    from quizzer.review.service import ReviewService

TagOption = Annotated[list[str] | None, typer.Option("--tag", help="Only questions with this tag (repeatable).")]


@app.command()
def review(
    deck: DeckOption = None,
    only: Annotated[list[str] | None, typer.Option("--only", help="Only this deck id (repeatable).")] = None,
    tag: TagOption = None,
    device: DeviceOption = AUTO,
    timeout: TimeoutOption = 10.0,
    plain: Annotated[bool, typer.Option("--plain", help="Line-based session on stdin/stdout (docs/plain.md).")] = False,
    trust: TrustOption = False,
) -> None:
    """Review today's questions: the TUI opens on the decks, or on the review when --only/--tag narrow it."""
    chosen = chosen_paths(deck)
    files = deck_files(chosen)
    require_trusted_files(files, trust)
    opener = ServicesOpener(files, device, timeout, require_trust=not trust)  # the files checked: no second walk
    try:
        with session_errors(device):
            if plain:
                run_plain(open_or_exit(opener), only, tag)
                return
            code = run_tui(opener, files, only, tag)
            if code:
                raise typer.Exit(code)
    finally:
        opener.close()


def open_or_exit(opener: ServicesOpener) -> Services:
    """The opener's services; why they cannot open, and its exit code, otherwise."""
    try:
        return opener()
    except OpenFailed as failed:
        exit_with(failed)


def run_plain(services: Services, deck_ids: Collection[str] | None, tags: Collection[str] | None) -> None:
    """The session as lines on stdin and stdout (docs/plain.md)."""
    from quizzer.cli.plain import PlainReview
    from quizzer.study.session import StudySession

    binary = getattr(sys.stdin, "buffer", None)  # bytes that are not UTF-8 must not end the session: keep them
    lines = io.TextIOWrapper(binary, encoding="utf-8", errors="surrogateescape") if binary is not None else sys.stdin
    PlainReview(StudySession(services, deck_ids=deck_ids, tags=tags), iter(lines), sys.stdout).run()


def run_tui(
    opener: ServicesOpener, files: list[Path], deck_ids: Collection[str] | None, tags: Collection[str] | None
) -> int:
    """Run the Textual app until the learner quits; its exit code."""
    from quizzer.clock import utc_now
    from quizzer.study.first_question import cached_decks, first_question
    from quizzer.study.shown import NextQuestionFile, scope_key
    from quizzer.tui.app import QuizzerApp
    from quizzer.tui.config import TuiConfigError, load_tui_config

    try:
        config = load_tui_config(paths.config_file())
    except TuiConfigError as bad:
        fail(str(bad), ExitCode.INVALID_DATA)
    early = next_file = None
    reviewing = deck_ids is not None or bool(tags)
    key = scope_key(paths.db_url(), files, deck_ids, tags, paths.profile_name()) if reviewing else None
    if key is not None:
        next_file = NextQuestionFile(paths.next_question_file(), key)
        early = next_file.load(utc_now()) or first_question(paths.db_url(), files, deck_ids, tags)
    if early is not None or (not reviewing and cached_decks(files) is not None):
        opener.before_tui()  # something to paint at once: the services open behind it
    else:
        open_or_exit(opener)  # nothing to show yet: report a broken deck or database before any screen
    app = QuizzerApp(opener, deck_ids=deck_ids, tags=tags, early=early, next_file=next_file, config=config)
    app.run()
    return app.return_code or 0


@contextmanager
def open_service() -> Iterator[ReviewService]:
    """The review store at `quizzer locate db`, with the settings of `quizzer locate config`.

    A database failure while it is open (a lock held past the busy timeout, a full disk)
    ends the command with exit 4 and one line naming the database, never a traceback.
    """
    try:
        service = open_store()
    except OpenFailed as failed:
        exit_with(failed)
    try:
        with database_errors():
            yield service
    finally:
        service.close()


@contextmanager
def session_errors(device: DeviceRequest) -> Iterator[None]:
    """During a session: ctrl+c exits 130, a device that does not exist exits 2, a database failure 4."""
    try:
        with database_errors():
            yield
    except KeyboardInterrupt:
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    except Exception as error:
        from quizzer.engine import DeviceUnavailable  # imported only when something failed: start-up stays light

        if isinstance(error, DeviceUnavailable):
            fail(f"--device {device}: {error}", ExitCode.USAGE)
        raise


@contextmanager
def database_errors() -> Iterator[None]:
    """Turn a database failure inside the block into exit 4 with one line naming the database."""
    try:
        yield
    except Exception as error:
        from sqlalchemy.exc import SQLAlchemyError

        from quizzer.store.errors import DatabaseError

        if isinstance(error, DatabaseError):
            fail(str(error), ExitCode.DATABASE)
        if isinstance(error, SQLAlchemyError):
            reason = str(getattr(error, "orig", None) or error).splitlines()[0]
            from quizzer.store.db import shown_url

            fail(f"database error in {shown_url(paths.db_url())}: {reason}", ExitCode.DATABASE)
        raise
