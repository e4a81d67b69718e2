"""The class view (key c on the stats screen): the notes the learners of this database miss most, and who is behind.

The same figures as ``quizzer stats --class`` (``quizzer.review.classroom``): wrong typed
answers are counted, never shown, here; their texts are for ``--show-answers`` on the
command line, where the database owner asks for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from quizzer.review.classroom import ClassReport
from quizzer.tui.screens.base import QuizzerScreen


@dataclass
class ClassLoaded(Message):
    """The class view was read from the store."""

    report: ClassReport


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


class ClassScreen(QuizzerScreen):
    """Read-only figures over every profile of the database."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="class.back", tooltip="Back to your statistics"),
        Binding("r", "refresh", "Refresh", id="class.refresh", tooltip="Read the figures again"),
    ]

    def compose(self) -> ComposeResult:
        """The class's size, its most-missed notes, and who is behind."""
        yield Header()
        with VerticalScroll(id="class"):
            yield Static("reading every learner's log…", id="class-totals")
            yield Static("Most missed notes", classes="section-title")
            yield DataTable(id="class-notes", cursor_type="row", zebra_stripes=True)
            yield Static("Behind (most overdue cards)", classes="section-title")
            yield DataTable(id="class-behind", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Read the figures off the UI thread."""
        notes = self.query_one("#class-notes", DataTable)
        notes.add_columns("note", "deck", "studied", "again", "retention", "lapsed", "wrong answers")
        self.query_one("#class-behind", DataTable).add_columns("learner", "overdue", "oldest due")
        self.load()

    @work(thread=True, exclusive=True, group="class", exit_on_error=False, description="reading the class view")
    def load(self) -> None:
        """Read the class view from the services' database."""
        from quizzer.study.today import class_view

        if (services := self.quizzer.wait_services()) is not None:
            self.post_message(ClassLoaded(class_view(services, self.quizzer.clock())))

    @on(ClassLoaded)
    def show(self, message: ClassLoaded) -> None:
        """Fill the two tables."""
        report = message.report
        self.query_one("#class-totals", Static).update(
            f"[b]{report.learners}[/b] learner{'s' if report.learners != 1 else ''} on this database"
        )
        titles = {(deck.deck, note.id): note.title for deck in self.quizzer.decks for note in deck.notes}
        notes = self.query_one("#class-notes", DataTable)
        notes.clear()
        for note in report.notes:
            notes.add_row(
                titles.get((note.deck, note.note), note.note),
                note.deck,
                f"{note.studied_by}/{note.learners}",
                f"{note.again}/{note.answers}",
                _rate(note.retention),
                _rate(note.lapse_rate),
                f"{note.wrong} ({note.distinct_wrong} different)",
            )
        if not report.notes:
            notes.add_row("nothing studied yet", "", "", "", "", "", "")
        behind = self.query_one("#class-behind", DataTable)
        behind.clear()
        for one in report.behind:
            behind.add_row(one.profile, str(one.overdue), f"{one.oldest_due.astimezone():%Y-%m-%d}")
        if not report.behind:
            behind.add_row("nobody is behind", "", "")

    def action_back(self) -> None:
        """Back to the statistics."""
        self.app.pop_screen()

    def action_refresh(self) -> None:
        """Read the figures again."""
        self.load()
