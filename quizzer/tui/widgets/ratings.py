"""The four ratings with the interval each would give; the suggested one is highlighted."""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from quizzer.wording import RATING_NAMES, format_interval


class RatingBar(Horizontal):
    """Again / Hard / Good / Easy, each with its key and next interval."""

    def compose(self) -> ComposeResult:
        """One cell per rating."""
        for rating, name in RATING_NAMES.items():
            yield Static(id=f"rating-{rating}", classes=f"rating rating-{name}")

    def show(self, intervals: dict[int, timedelta], suggested: int) -> None:
        """Fill the cells for one answer and highlight ``suggested``."""
        for rating, name in RATING_NAMES.items():
            cell = self.query_one(f"#rating-{rating}", Static)
            marker = " ⏎" if rating == suggested else ""  # Enter records it
            cell.update(f"[b]{rating}[/b] {name.title()}{marker}\n[dim]next in[/] {format_interval(intervals[rating])}")
            cell.set_class(rating == suggested, "-suggested")
