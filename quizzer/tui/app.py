"""QuizzerApp: the review TUI. Its services come from an opener; work runs in thread workers.

The app calls ``open_services`` (the decks, the ReviewService and the Judge with its
worker pool) on a thread once its first screen is painted, so a saved copy of the next
question shows while they load; every worker that needs them waits for
``wait_services``. It also holds the clock the study session uses and a ``ticker`` for
answer times and the on-screen timers (both injectable, so tests never depend on the
wall clock). The study sessions it opened take the store's lock themselves; quitting
stops them, which waits for an answer being recorded but never for one being judged.
The app's result is the number of answers recorded.

Only Textual and light modules load with this one: each screen's module loads when it is
first shown, and the store, the deck model and the grader load on the opener's thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from quizzer import paths
from quizzer.clock import Clock, utc_now
from quizzer.exit_codes import ExitCode
from quizzer.study.opener import OpenFailed, Services
from quizzer.tui.commands import ActionCommands
from quizzer.tui.config import TuiConfig
from quizzer.tui.messages import DeviceFailed, DeviceReady

if TYPE_CHECKING:
    from quizzer.decks.model import Deck
    from quizzer.review.stats import Stats
    from quizzer.study.session import StudySession
    from quizzer.study.shown import NextQuestionFile, ShownQuestion

QUIZZER_THEME = Theme(
    name="quizzer",
    primary="#EE4C2C",  # torch orange
    secondary="#5C9DFF",
    accent="#F5A623",
    success="#4EBF71",
    warning="#F5A623",
    error="#E5484D",
    foreground="#E6E6E6",
    background="#16181D",
    surface="#1F2229",
    panel="#2A2E37",
    dark=True,
)


class QuizzerApp(App[int]):
    """Today's review: home (decks and counts), review, summary, stats and help screens."""

    TITLE = "quizzer"
    CSS_PATH = "quizzer.tcss"
    COMMANDS = App.COMMANDS | {ActionCommands}
    BINDINGS = [
        Binding(
            "ctrl+q", "quit", "Quit", priority=True, id="app.quit", tooltip="Quit; every rated answer is already saved"
        ),
        Binding("f1,question_mark", "help", "Help", id="app.help", tooltip="Keys of this screen and how to remap them"),
    ]

    def __init__(
        self,
        open_services: Callable[[], Services],
        *,
        deck_ids: Collection[str] | None = None,
        tags: Collection[str] | None = None,
        early: ShownQuestion | None = None,
        next_file: NextQuestionFile | None = None,
        clock: Clock = utc_now,
        ticker: Callable[[], float] = time.monotonic,
        config: TuiConfig | None = None,
    ) -> None:
        """``deck_ids``/``tags`` given: start the review at once; otherwise open on the home screen.

        ``open_services`` may raise ``OpenFailed``: the app then exits with its code and lines.
        ``early`` is painted before the services open; ``next_file`` keeps the next one
        for that scope.
        """
        super().__init__()
        self._open_services = open_services
        self._services: Services | None = None
        self._opening_done = threading.Event()
        self.early = early
        self.next_file = next_file
        self.clock = clock
        self.ticker = ticker
        self.config = config or TuiConfig()
        self.device = "starting"
        self.sessions: list[StudySession] = []  # every study session opened, for the result
        self._scope = (deck_ids, tags)

    def on_mount(self) -> None:
        """Apply theme and keymap, open the first screen, then the services once it is painted."""
        self.register_theme(QUIZZER_THEME)
        self.theme = self.config.theme if self.config.theme in self.available_themes else QUIZZER_THEME.name
        self.set_keymap(self.config.keymap)
        self.sub_title = "starting workers"
        deck_ids, tags = self._scope
        if deck_ids is not None or tags:  # each screen's module loads when it is first shown
            from quizzer.tui.screens.review import ReviewScreen

            self.push_screen(ReviewScreen(deck_ids, tags, early=self.early, next_file=self.next_file))
        else:
            from quizzer.tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())
        self.call_after_refresh(self.open_services)

    @property
    def decks(self) -> list[Deck]:
        """The loaded decks (none until the services are open)."""
        return self._services.decks if self._services else []

    def wait_services(self) -> Services | None:
        """(On a worker thread) the open services; None when they could not open and the app is exiting."""
        self._opening_done.wait()
        return self._services

    @property
    def recorded(self) -> int:
        """Answers recorded by the study sessions of this run (undone ones not counted)."""
        return sum(session.reviewed for session in self.sessions)

    def read_stats(self) -> Stats | None:
        """(On a worker thread) the statistics as of now; None when the services could not open."""
        from quizzer.study.today import stats

        services = self.wait_services()
        return stats(services, self.clock()) if services is not None else None

    def database_failed(self, error: BaseException | None) -> bool:
        """End the app with exit 4 and one line when ``error`` is the database's (any screen's worker); else False.

        A database file deleted or replaced (``DatabaseError``) or a failed statement, a
        server gone away say (``SQLAlchemyError``, as ``--plain`` exits): nothing more may be recorded.
        """
        from sqlalchemy.exc import SQLAlchemyError

        from quizzer.store.errors import DatabaseError, one_line

        if isinstance(error, DatabaseError):
            message = f"quizzer: {error}"
        elif isinstance(error, SQLAlchemyError):
            from quizzer.store.db import shown_url

            message = f"quizzer: database error in {shown_url(paths.db_url())}: {one_line(error)}"
        else:
            return False
        self.exit(self.recorded, return_code=ExitCode.DATABASE, message=message)
        return True

    @work(thread=True, exit_on_error=False, name="open", description="opening the decks, the database and the workers")
    def open_services(self) -> None:
        """Open the services off the UI thread, then wait for the torch workers and show their device."""
        from quizzer.engine import DeviceUnavailable, WorkerStartError

        try:
            services = self._services = self._open_services()
        except OpenFailed as failed:
            self.call_from_thread(self.exit, self.recorded, return_code=failed.code, message="\n".join(failed.lines))
            return
        finally:
            self._opening_done.set()
        try:
            info = services.judge.pool.wait_ready()
        except (DeviceUnavailable, WorkerStartError, TimeoutError) as failure:
            self.post_message(DeviceFailed(str(failure)))
            return
        self.post_message(DeviceReady(info.device))

    def keys_for(self, binding: Binding) -> str:
        """The keys that run ``binding`` now (after remapping), as shown to the learner."""
        keys = self.config.keymap.get(binding.id or "", binding.key)
        return ", ".join(self.get_key_display(Binding(key.strip(), "")) for key in keys.split(","))

    def commands(self) -> list[Binding]:
        """The app-wide bindings the palette and help list."""
        return [b for b in self.BINDINGS if isinstance(b, Binding) and b.id]

    @on(DeviceReady)
    def show_device(self, message: DeviceReady) -> None:
        """Put the device in the header."""
        self.device = message.device
        self.sub_title = f"device {message.device}"

    @on(DeviceFailed)
    def device_failed(self, message: DeviceFailed) -> None:
        """Without workers no truth can be computed: say why and stop."""
        self.exit(
            self.recorded,
            return_code=ExitCode.USAGE,
            message=f"quizzer: the torch workers did not start: {message.reason}",
        )

    def action_help(self) -> None:
        """Show the keys of the screen in front."""
        from quizzer.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    @work(thread=True, exit_on_error=False, name="quit", description="finishing the answer being saved")
    def action_quit(self) -> None:
        """Quit once any answer being recorded is committed (nothing rated is lost); judging is not waited for."""
        for session in self.sessions:
            session.stop()
        self.call_from_thread(self.exit, self.recorded)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed says so instead of taking the app down; a database that failed ends the app (exit 4)."""
        if event.state is WorkerState.ERROR:
            worker = event.worker
            if self.database_failed(worker.error):
                return
            message = f"{worker.description or worker.name}: {worker.error}"
            self.notify(message, title="Something went wrong", severity="error", timeout=15, markup=False)
