"""Statistics: a calendar heatmap of reviews, the 30-day due forecast, retention by week and the weakest notes.

It also says which FSRS parameters schedule, and offers ``quizzer optimize`` (key o) once
enough answers came since the last fit. The fit runs in a child process, waited for on a
thread worker, so the screen stays responsive; its before/after figures replace the offer.
Key c opens the class view (every learner on the database: ``ClassScreen``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from quizzer.review.stats import CALENDAR_DAYS, Stats
from quizzer.tui.messages import StatsLoaded
from quizzer.tui.screens.base import QuizzerScreen
from quizzer.tui.widgets.charts import ForecastChart, RetentionChart
from quizzer.tui.widgets.heatmap import CalendarHeatmap
from quizzer.wording import format_interval

if TYPE_CHECKING:
    from quizzer.fitting.optimize import FitStatus, Optimization


@dataclass
class FitStatusLoaded(Message):
    """Which FSRS parameters schedule, and whether to offer a fit."""

    status: FitStatus


@dataclass
class Optimized(Message):
    """A fit finished: its report, or why it failed (``failure``)."""

    run: Optimization | None
    failure: str = ""


class StatsScreen(QuizzerScreen):
    """Read-only figures from the review store, drawn in the terminal."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="stats.back", tooltip="Back to the previous screen"),
        Binding("r", "refresh", "Refresh", id="stats.refresh", tooltip="Read the figures again"),
        Binding("o", "optimize", "Optimize", id="stats.optimize", tooltip="Fit FSRS parameters to your own reviews"),
        Binding("c", "class_view", "Class", id="stats.class", tooltip="Every learner on this database: most missed"),
    ]

    fitting = False

    def compose(self) -> ComposeResult:
        """Totals, calendar, charts and the weakest notes."""
        yield Header()
        with VerticalScroll(id="stats"):
            yield Static("reading the review log…", id="stats-totals")
            yield Static("", id="stats-fsrs", markup=False)
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
        if (services := self.quizzer.wait_services()) is not None:
            from quizzer.fitting.optimize import fit_status

            with services.lock:
                self.post_message(FitStatusLoaded(fit_status(services.service)))

    @on(FitStatusLoaded)
    def show_fit_status(self, message: FitStatusLoaded) -> None:
        """The parameters in use, and the offer to fit when enough answers came since."""
        from quizzer.fitting.report import parameters_line

        status = message.status
        lines = [parameters_line(status.current)]
        if status.suggested:
            since = "since the last fit" if status.current else "so far"
            lines.append(f"{status.answers_since:,} answers {since}: press o to fit parameters to them")
        if not self.fitting:
            self.query_one("#stats-fsrs", Static).update("\n".join(lines))

    def action_optimize(self) -> None:
        """Fit FSRS parameters off the UI thread (a child process does the work)."""
        if self.fitting:
            return
        self.fitting = True
        self.query_one("#stats-fsrs", Static).update("fitting FSRS parameters to your reviews…")
        self.optimize()

    @work(thread=True, exclusive=True, group="optimize", exit_on_error=False, description="fitting FSRS parameters")
    def optimize(self) -> None:
        """Run ``quizzer optimize`` on the open services, the store used only under their lock."""
        from quizzer.fitting.optimize import optimize
        from quizzer.fitting.runner import FitFailed

        services = self.quizzer.wait_services()
        if services is None:
            return
        try:
            run = optimize(services.service, self.quizzer.clock(), store_lock=services.lock)
        except FitFailed as failed:
            self.post_message(Optimized(None, str(failed)))
            return
        self.post_message(Optimized(run))

    @on(Optimized)
    def show_optimized(self, message: Optimized) -> None:
        """The before/after figures of the fit, and whether it was adopted."""
        from quizzer.fitting.report import text

        self.fitting = False
        shown = text(message.run) if message.run else f"the fit failed: {message.failure}"
        self.query_one("#stats-fsrs", Static).update(shown)

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

    def action_class_view(self) -> None:
        """The class view: every learner on this database (``ClassScreen``)."""
        from quizzer.tui.screens.class_view import ClassScreen

        self.app.push_screen(ClassScreen())
