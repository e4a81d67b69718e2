"""Home: the decks with today's new / learning / due counts and their last `check`, tags to narrow, start.

The line above the footer says what Enter starts, counted as the review's header will count
it (``quizzer.study.today``). A deck that has new cards but offers none today says why
(the daily limit, or siblings held for tomorrow); ``m`` then allows more new cards today.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, SelectionList, Static
from textual.widgets.selection_list import Selection

from quizzer.checking.last_run import DeckCheck, load_checks
from quizzer.review.views import DeckCounts
from quizzer.study.today import Today, scope_counts, study_more_new, today
from quizzer.tui.messages import ScopeCounted, TodayCounted
from quizzer.tui.screens.base import QuizzerScreen

if TYPE_CHECKING:
    from quizzer.decks.model import Deck

TITLE_WIDTH = 30
COLUMNS = f"{'deck':<{TITLE_WIDTH}} {'new':>5} {'learn':>5} {'due':>5}   last check"


class HomeScreen(QuizzerScreen):
    """Choose decks (all by default) and tags (none: all), then start today's review."""

    BINDINGS = [
        Binding(
            "enter",
            "start",
            "Start review",
            priority=True,
            id="home.start",
            tooltip="Review today's cards of the chosen decks",
        ),
        Binding("t", "stats", "Stats", id="home.stats", tooltip="Calendar, forecast, retention, weakest notes"),
        Binding("r", "refresh", "Refresh", id="home.refresh", tooltip="Count today's cards again"),
        Binding(
            "m",
            "more_new",
            "More new",
            id="home.more_new",
            tooltip="Study more new cards today: raise today's new-card limit (today only)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._today: Today | None = None
        self._checks: Mapping[str, DeckCheck] = {}
        self._listed = False  # the deck and tag lists are filled once the decks are loaded

    @property
    def _counts(self) -> Mapping[str, DeckCounts]:
        return self._today.counts if self._today else {}

    def compose(self) -> ComposeResult:
        """Decks, tags and what Enter would start."""
        yield Header()
        with Vertical(id="home"):
            yield Static("Decks  [dim](space toggles)[/]", classes="section-title")
            yield Static(COLUMNS, id="deck-columns")
            yield SelectionList[str](id="decks")
            yield Static("Tags  [dim](none chosen: every question)[/]", classes="section-title")
            yield SelectionList[str](id="tags")
            yield Static(id="new-cards")
            yield Static(id="scope")
        yield Footer()

    def on_mount(self) -> None:
        """Say the decks are loading; the lists and counts follow once they are."""
        self.query_one("#tags").display = False
        self.query_one("#scope", Static).update(Text("loading the decks…", style="dim"))

    def on_screen_resume(self) -> None:
        """Shown (first, or back from a review): count today's cards."""
        self.count()

    def allows(self, action: str) -> bool:
        """More new cards are offered once a deck shows none for today's limit."""
        if action == "more_new":
            return self._today is not None and self._today.new_limit.reached
        return True

    @work(thread=True, exclusive=True, group="home-counts", exit_on_error=False, description="counting today's cards")
    def count(self, more_new: bool = False) -> None:
        """Once the services are open: sync the decks into the store and count today's cards per deck.

        With ``more_new``, today's new-card limit is raised first.
        """
        app = self.quizzer
        services = app.wait_services()
        if services is None:
            return  # they could not open: the app is exiting and says why
        if more_new:
            study_more_new(services, app.clock())
        self.post_message(TodayCounted(list(services.decks), today(services, app.clock()), load_checks()))

    @work(thread=True, exclusive=True, group="home-scope", exit_on_error=False, description="counting the review")
    def count_scope(self, deck_ids: list[str], tags: list[str]) -> None:
        """Count what a review of these decks and tags would ask today, as its header will."""
        services = self.quizzer.wait_services()
        if services is not None:
            self.post_message(ScopeCounted(scope_counts(services, self.quizzer.clock(), deck_ids, tags or None)))

    @on(TodayCounted)
    def show_counts(self, message: TodayCounted) -> None:
        """Redraw each deck's line with its counts and last check (the first time, list decks and tags)."""
        self._today, self._checks = message.today, message.checks
        decks = self.query_one("#decks", SelectionList)
        chosen = set(decks.selected) if self._listed else {deck.deck for deck in message.decks}
        highlighted = decks.highlighted
        decks.clear_options()
        decks.add_options(
            [Selection(self._deck_prompt(deck), deck.deck, deck.deck in chosen) for deck in message.decks]
        )
        decks.highlighted = highlighted
        if not self._listed:
            self._listed = True
            tags = sorted(
                {
                    tag
                    for deck in message.decks
                    for note, question in deck.questions()
                    for tag in (*note.tags, *question.tags)
                }
            )
            self.query_one("#tags", SelectionList).add_options([Selection(tag, tag) for tag in tags])
            self.query_one("#tags").display = bool(tags)
        self._show_new_cards(message.decks, message.today)
        self.refresh_bindings()
        self.update_scope()

    def _show_new_cards(self, decks: list[Deck], today: Today) -> None:
        """Why decks with new cards offer none today, and the way to more."""
        lines = Text()
        for deck in decks:
            if reason := today.why_no_new(deck.deck):
                lines.append(f"{deck.title}: ", style="bold")
                lines.append(f"no new cards today, {reason}\n")
        if today.new_limit.reached and lines:
            lines.append("m", style="bold")
            lines.append(" studies more new cards today (the limit is back tomorrow)")
        widget = self.query_one("#new-cards", Static)
        widget.update(lines)
        widget.display = bool(lines)

    @on(SelectionList.SelectedChanged)
    def update_scope(self) -> None:
        """Count what Enter would start."""
        self.count_scope(
            list(self.query_one("#decks", SelectionList).selected),
            list(self.query_one("#tags", SelectionList).selected),
        )

    @on(ScopeCounted)
    def show_scope(self, message: ScopeCounted) -> None:
        """Say what Enter starts, with the count the review's header will show."""
        chosen = self.query_one("#decks", SelectionList).selected
        tags = self.query_one("#tags", SelectionList).selected
        counts = message.counts
        totals = f"{counts.total} left today ({counts.new} new · {counts.learning} learning · {counts.due} due)"
        where = f"{len(chosen)} deck{'s' if len(chosen) != 1 else ''}" + (f", tags {', '.join(tags)}" if tags else "")
        self.query_one("#scope", Static).update(
            Text.assemble(("Enter", "bold"), f" starts today's review of {where}, {totals}")
        )

    def _deck_prompt(self, deck: Deck) -> Text:
        counts = self._counts.get(deck.deck, DeckCounts())
        title = deck.title if len(deck.title) <= TITLE_WIDTH else deck.title[: TITLE_WIDTH - 1] + "…"
        line = Text(f"{title:<{TITLE_WIDTH}} ")
        line.append(f"{counts.new:>5} ", style="bold #5C9DFF" if counts.new else "dim")
        line.append(f"{counts.learning:>5} ", style="bold #EE4C2C" if counts.learning else "dim")
        line.append(f"{counts.due:>5}   ", style="bold #4EBF71" if counts.due else "dim")
        return line + check_text(self._checks.get(deck.deck))

    def action_start(self) -> None:
        """Review the chosen decks (and tags)."""
        if not self._listed:
            self.notify("The decks are still loading.", severity="information")
            return
        decks = self.query_one("#decks", SelectionList).selected
        if not decks:
            self.notify("Choose at least one deck (space toggles it).", severity="warning")
            return
        from quizzer.tui.screens.review import ReviewScreen

        tags = self.query_one("#tags", SelectionList).selected
        self.app.push_screen(ReviewScreen(list(decks), list(tags) or None))

    def action_stats(self) -> None:
        """Open the statistics (their charts load on first use)."""
        from quizzer.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def action_refresh(self) -> None:
        """Count again (e.g. after `quizzer check` ran elsewhere)."""
        self.count()

    def action_more_new(self) -> None:
        """Raise today's new-card limit (for today only), then count again."""
        self.count(more_new=True)


def check_text(check: DeckCheck | None) -> Text:
    """A deck's last `check` in a few characters: passed, failed or not checked."""
    if check is None:
        return Text("not checked", style="dim")
    day = check.at[:10]
    if check.ok:
        return Text(f"✓ {check.passed} passed {day}", style="green")
    return Text(f"✗ {check.failed} failed, {check.errors} errors {day}", style="red")
