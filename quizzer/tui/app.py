"""QuizzerApp: the review TUI. Services come in through the constructor; work runs in thread workers.

The app holds the loaded decks, the ReviewService and the Judge (its worker pool), the
clock the study session uses and a ``ticker`` for the on-screen timers (both injectable,
so tests never depend on the wall clock). ``db_lock`` serialises every use of the
service: a service is used from one thread at a time, and quitting waits for an answer
being recorded. The app's result is the number of answers recorded.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Collection, Sequence

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from quizzer.decks.model import Deck
from quizzer.engine import DeviceUnavailable, WorkerStartError
from quizzer.judging import Judge
from quizzer.review.service import ReviewService
from quizzer.session import Clock, utc_now
from quizzer.tui.commands import ActionCommands
from quizzer.tui.config import TuiConfig
from quizzer.tui.messages import DeviceFailed, DeviceReady
from quizzer.tui.screens.help import HelpScreen
from quizzer.tui.screens.home import HomeScreen
from quizzer.tui.screens.review import ReviewScreen

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
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit", tooltip="Quit; every rated answer is already saved"),
        Binding("f1,question_mark", "help", "Help", id="app.help", tooltip="Keys of this screen and how to remap them"),
    ]

    def __init__(
        self,
        decks: Sequence[Deck],
        service: ReviewService,
        judge: Judge,
        *,
        deck_ids: Collection[str] | None = None,
        tags: Collection[str] | None = None,
        clock: Clock = utc_now,
        ticker: Callable[[], float] = time.monotonic,
        config: TuiConfig | None = None,
    ) -> None:
        """``deck_ids``/``tags`` given: start the review at once; otherwise open on the home screen."""
        super().__init__()
        self.decks = list(decks)
        self.service = service
        self.judge = judge
        self.clock = clock
        self.ticker = ticker
        self.config = config or TuiConfig()
        self.db_lock = threading.Lock()
        self.device = "starting"
        self.recorded = 0
        self._scope = (deck_ids, tags)

    def on_mount(self) -> None:
        """Apply theme and keymap, wait for the workers in the background, open the first screen."""
        self.register_theme(QUIZZER_THEME)
        self.theme = self.config.theme if self.config.theme in self.available_themes else QUIZZER_THEME.name
        self.set_keymap(self.config.keymap)
        self.sub_title = "starting workers"
        self.await_device()
        self.push_screen(HomeScreen())
        deck_ids, tags = self._scope
        if deck_ids is not None or tags:
            self.push_screen(ReviewScreen(deck_ids, tags))
        # What is alive now (decks, ORM, Textual) lives as long as the app: keep it out of the
        # collector's generations so full collections stay short and never stall a verdict.
        self.call_after_refresh(gc.freeze)

    def keys_for(self, binding: Binding) -> str:
        """The keys that run ``binding`` now (after remapping), as shown to the learner."""
        keys = self.config.keymap.get(binding.id or "", binding.key)
        return ", ".join(self.get_key_display(Binding(key.strip(), "")) for key in keys.split(","))

    def commands(self) -> list[Binding]:
        """The app-wide bindings the palette and help list."""
        return [b for b in self.BINDINGS if isinstance(b, Binding) and b.id]

    @work(thread=True, exit_on_error=False, name="device", description="starting the torch workers")
    def await_device(self) -> None:
        """Block (off the UI thread) until the worker pool is ready; report its device."""
        try:
            info = self.judge.pool.wait_ready()
        except (DeviceUnavailable, WorkerStartError, TimeoutError) as failure:
            self.post_message(DeviceFailed(str(failure)))
            return
        self.post_message(DeviceReady(info.device))

    @on(DeviceReady)
    def show_device(self, message: DeviceReady) -> None:
        """Put the device in the header."""
        self.device = message.device
        self.sub_title = f"device {message.device}"

    @on(DeviceFailed)
    def device_failed(self, message: DeviceFailed) -> None:
        """Without workers no truth can be computed: say why and stop."""
        self.exit(self.recorded, return_code=2, message=f"quizzer: the torch workers did not start: {message.reason}")

    def action_help(self) -> None:
        """Show the keys of the screen in front."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    @work(thread=True, exit_on_error=False, name="quit", description="finishing the answer being saved")
    def action_quit(self) -> None:
        """Quit once any answer being recorded is committed (nothing rated is lost)."""
        with self.db_lock:
            self.call_from_thread(self.exit, self.recorded)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed says so instead of taking the app down."""
        if event.state is WorkerState.ERROR:
            worker = event.worker
            message = f"{worker.description or worker.name}: {worker.error}"
            self.notify(message, title="Something went wrong", severity="error", timeout=15, markup=False)
