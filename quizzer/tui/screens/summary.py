"""The summary at the end of a session: reviewed, accuracy, time, what is left and when the next card is due."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, Static

from quizzer.tui.messages import StatsLoaded
from quizzer.tui.screens.base import QuizzerScreen
from quizzer.tui.widgets.timer import clock_text
from quizzer.wording import format_interval

if TYPE_CHECKING:
    from quizzer.study.steps import Summary


class SummaryScreen(QuizzerScreen):
    """Shown when the queue is empty or the learner finishes early."""

    BINDINGS = [
        Binding("enter", "home", "Home", id="summary.home", tooltip="Back to the decks"),
        Binding("t", "stats", "Stats", id="summary.stats", tooltip="Calendar, forecast, retention, weakest notes"),
    ]

    def __init__(self, summary: Summary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        """Headline and figures."""
        yield Header()
        with Vertical(id="summary"):
            yield Static("Today's review is done" if not self.summary.left else "Session ended", id="summary-title")
            yield Static(self._figures("…"), id="summary-figures")
        yield Footer()

    def on_mount(self) -> None:
        """Find when the next card is due."""
        self.load_next_due()

    @work(thread=True, exit_on_error=False, description="reading the schedule")
    def load_next_due(self) -> None:
        """Read the statistics (for the next due date) off the UI thread."""
        if (stats := self.quizzer.read_stats()) is not None:
            self.post_message(StatsLoaded(stats))

    @on(StatsLoaded)
    def show_next_due(self, message: StatsLoaded) -> None:
        """Fill in the next due date."""
        due = message.stats.next_due
        text = f"in {format_interval(due - self.quizzer.clock())}" if due else "nothing scheduled"
        self.query_one("#summary-figures", Static).update(self._figures(text))

    def _figures(self, next_due: str) -> Table:
        summary = self.summary
        table = Table.grid(padding=(0, 3))
        table.add_column(style="dim", justify="right")
        table.add_column(style="bold")
        table.add_row("reviewed", str(summary.reviewed))
        table.add_row("accuracy", f"{summary.accuracy} ({summary.correct} right)")
        table.add_row("time", clock_text(summary.elapsed_s))
        table.add_row("left today", str(summary.left))
        table.add_row("next due", next_due)
        return table

    def action_home(self) -> None:
        """Back to the home screen (opened now when the review started without it)."""
        from quizzer.tui.screens.home import HomeScreen

        if any(isinstance(screen, HomeScreen) for screen in self.app.screen_stack):
            self.app.pop_screen()
        else:
            self.app.switch_screen(HomeScreen())

    def action_stats(self) -> None:
        """Open the statistics (their charts load on first use)."""
        from quizzer.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())
