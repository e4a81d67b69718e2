"""Opening what a review needs: the decks, the review store, and the judge with its worker pool.

`quizzer review` opens them before its session starts, or, when the TUI can paint a
saved copy of the next question first, on a background thread of the TUI once that first
screen is up. Either way, each failure a learner can cause (a deck with problems, a bad
config file, a database that cannot be opened) becomes one ``OpenFailed`` that carries
the lines to print and the exit code: never a traceback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from quizzer import paths
from quizzer.clock import utc_now
from quizzer.device_request import DeviceRequest
from quizzer.exit_codes import ExitCode
from quizzer.startup import resume_collector

if TYPE_CHECKING:
    from quizzer.decks.model import Deck
    from quizzer.decks.problems import Problem
    from quizzer.review.service import ReviewService
    from quizzer.study.judge import Judge


class OpenFailed(Exception):
    """A review could not open: ``lines`` say why (to stderr), ``code`` is the exit code."""

    def __init__(self, lines: list[str], code: ExitCode) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.code = code


@dataclass
class Services:
    """An open review's decks, store and judge.

    ``lock`` is held around every use of the store: a ReviewService is used by one thread
    at a time, and a client that quits waits on it for an answer being recorded.
    ``require_trust``: decks read again (after an edit) must still be trusted to run.
    """

    decks: list[Deck]
    service: ReviewService
    judge: Judge
    lock: threading.Lock = field(default_factory=threading.Lock)
    require_trust: bool = False


def untrusted_decks(decks: Iterable[Deck]) -> list[str]:
    """Why each deck that may not run code may not (decided on the bytes it was parsed from); empty when all may."""
    from quizzer.decks.trust import deck_is_trusted, untrusted_message

    return [untrusted_message(deck.path) for deck in decks if not deck_is_trusted(deck)]


def problem_lines(problems: Iterable[Problem]) -> list[str]:
    """Deck problems as printed: one ``path:line:col: message`` line each, then how many."""
    lines = [str(problem) for problem in problems]
    count = len(lines)
    return [*lines, f"quizzer: {count} problem{'s' if count != 1 else ''} in decks"]


def load_decks_or_fail(deck_paths: list[Path]) -> list[Deck]:
    """The decks at ``deck_paths``; their problems as ``OpenFailed`` (exit 3)."""
    from quizzer.decks.loader import load_decks
    from quizzer.decks.problems import DeckInvalid

    try:
        return load_decks(deck_paths)
    except DeckInvalid as invalid:
        raise OpenFailed(problem_lines(invalid.problems), ExitCode.INVALID_DATA) from None


def open_store() -> ReviewService:
    """The review store at `quizzer locate db` with the settings of `quizzer locate config`."""
    from quizzer.review.service import ReviewService
    from quizzer.scheduling.settings import SettingsError, load_settings
    from quizzer.store.errors import DatabaseError
    from quizzer.study.more_new import MoreNewFile

    try:
        settings = load_settings(paths.config_file())
    except SettingsError as bad:
        raise OpenFailed([f"quizzer: {bad}"], ExitCode.INVALID_DATA) from None
    try:
        service = ReviewService(
            paths.db_url(), settings, paths.profile_name()
        )  # creates the database's folder, naming it if it cannot
    except DatabaseError as error:
        raise OpenFailed([f"quizzer: {error}"], ExitCode.DATABASE) from None
    now = utc_now()
    if extra := MoreNewFile(paths.more_new_file(), service.db_url, service.profile).load(now):
        service.allow_more_new(extra, now)  # asked for on the home screen earlier today
    return service


class ServicesOpener:
    """Opens a review's services once, from whichever thread asks first, and closes what it opened.

    The worker pool starts first when they open, so torch loads in its worker while the
    decks and the store open.
    """

    def __init__(
        self, deck_paths: list[Path], device: DeviceRequest, timeout_s: float, *, require_trust: bool = False
    ) -> None:
        self.deck_paths = deck_paths
        self.device = device
        self.timeout_s = timeout_s
        self.require_trust = require_trust
        self._lock = threading.Lock()
        self._services: Services | None = None
        self._closers: list[Callable[[], None]] = []

    @staticmethod
    def before_tui() -> None:
        """Call before a TUI replaces ``sys.stderr``, when the services will open under it.

        multiprocessing's resource tracker inherits stderr's file descriptor when it starts,
        and Textual's print capture has none: a pool first started under the TUI fails
        ("bad value(s) in fds_to_keep"). So the tracker starts here, on this thread. The
        workers themselves wait for the first paint: torch loading on the other core while
        the TUI paints slows the paint by about 40 ms on two cores (docs/design-notes.md).
        """
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()

    def __call__(self) -> Services:
        """The open services (opened on the first call); raises ``OpenFailed``.

        Start-up ends here: the garbage collector, paused by ``quizzer.cli.main``, resumes
        with what was loaded frozen out of its generations (``quizzer.startup``).
        """
        with self._lock:
            if self._services is None:
                try:
                    self._services = self._open()
                finally:
                    resume_collector()
            return self._services

    def _open(self) -> Services:
        from quizzer.engine import WorkerPool
        from quizzer.study.judge import Judge

        pool = WorkerPool(size=1, device=self.device, default_timeout_s=self.timeout_s)
        self._closers.append(pool.close)
        pool.start()  # returns at once
        decks = load_decks_or_fail(self.deck_paths)
        if self.require_trust and (refused := untrusted_decks(decks)):
            raise OpenFailed(refused[:1], ExitCode.USAGE)  # the file changed since review checked it
        service = open_store()
        self._closers.append(service.close)
        return Services(decks, service, Judge(pool, self.timeout_s), require_trust=self.require_trust)

    def close(self) -> None:
        """Close the store, then stop the workers (waits for an open in progress)."""
        with self._lock:
            for close in reversed(self._closers):
                close()
            self._closers.clear()
