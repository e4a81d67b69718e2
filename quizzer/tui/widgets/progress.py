"""The review's top row: today's progress (answers done, cards left) and the timers."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from quizzer.tui.widgets.timer import QuestionTimer


class DayProgress(Horizontal):
    """A bar and ``3 done · 12 left today``, then the question's and the session's time."""

    def __init__(self, ticker: Callable[[], float], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._ticker = ticker

    def compose(self) -> ComposeResult:
        """Bar, counts, timer."""
        yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="progress")
        yield Static(id="progress-text")
        yield QuestionTimer(self._ticker, id="timer")

    @property
    def timer(self) -> QuestionTimer:
        """The question's and the session's timer."""
        return self.query_one(QuestionTimer)

    def show(self, done: int, left: int | None) -> None:
        """The day's progress; ``left`` is None while it is not known (a guessed first question)."""
        self.query_one("#progress", ProgressBar).update(total=max(1, done + (left or 0)), progress=done)
        self.query_one("#progress-text", Static).update(
            f"{done} done" + (f" · {left} left today" if left is not None else "")
        )
