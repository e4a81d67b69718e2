"""Statistics: a calendar heatmap of reviews, the 30-day due forecast, retention by week and the weakest notes."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from quizzer.review.stats import CALENDAR_DAYS, Stats
from quizzer.tui.messages import StatsLoaded
from quizzer.tui.screens.base import QuizzerScreen
from quizzer.tui.widgets.charts import ForecastChart, RetentionChart
from quizzer.tui.widgets.heatmap import CalendarHeatmap
from quizzer.wording import format_interval


class StatsScreen(QuizzerScreen):
    """Read-only figures from the review store, drawn in the terminal."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="stats.back", tooltip="Back to the previous screen"),
        Binding("r", "refresh", "Refresh", id="stats.refresh", tooltip="Read the figures again"),
    ]

    def compose(self) -> ComposeResult:
        """Totals, calendar, charts and the weakest notes."""
        yield Header()
        with VerticalScroll(id="stats"):
            yield Static("reading the review log…", id="stats-totals")
            yield Static("Reviews per day", classes="section-title")
            yield CalendarHeatmap(id="calendar")
            with Horizontal(id="charts"):
                yield ForecastChart(id="forecast")
                yield RetentionChart(id="retention")
            yield Static("Weakest notes (by lapses, then share of Again)", classes="section-title")
            yield DataTable(id="weakest", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Read the figures off the UI thread."""
        self.query_one("#weakest", DataTable).add_columns("note", "deck", "lapses", "again", "answers")
        self.load()

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False, description="reading the statistics")
    def load(self) -> None:
        """Ask the service for the statistics."""
        if (stats := self.quizzer.read_stats()) is not None:
            self.post_message(StatsLoaded(stats))

    @on(StatsLoaded)
    def show(self, message: StatsLoaded) -> None:
        """Draw everything."""
        stats = message.stats
        self.query_one("#stats-totals", Static).update(self._totals(stats))
        self.query_one(CalendarHeatmap).show(stats.calendar, stats.today, weeks=CALENDAR_DAYS // 7)
        self.query_one(ForecastChart).show(stats.forecast)
        self.query_one(RetentionChart).show(stats.retention)
        table = self.query_one("#weakest", DataTable)
        table.clear()
        titles = {(deck.deck, note.id): note.title for deck in self.quizzer.decks for note in deck.notes}
        for weak in stats.weakest:
            title = titles.get((weak.deck, weak.note), weak.note)
            table.add_row(title, weak.deck, str(weak.lapses), f"{weak.again_rate:.0%}", str(weak.reviews))
        if not stats.weakest:
            table.add_row("nothing lapsed yet", "", "", "", "")

    def _totals(self, stats: Stats) -> str:
        due = f"in {format_interval(stats.next_due - self.quizzer.clock())}" if stats.next_due else "nothing scheduled"
        days = "day" if stats.streak == 1 else "days"
        return (
            f"[b]{stats.total_reviews}[/b] reviews · streak [b]{stats.streak}[/b] {days} · "
            f"[b]{sum(stats.calendar.values())}[/b] in the last {CALENDAR_DAYS // 7} weeks · next due [b]{due}[/b]"
        )

    def action_back(self) -> None:
        """Back to where the learner came from."""
        self.app.pop_screen()

    def action_refresh(self) -> None:
        """Read the figures again."""
        self.load()
