"""A timer for the question on screen and the whole session, driven by the app's ticker."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Static


def clock_text(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss`` past an hour)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class QuestionTimer(Static):
    """Shows how long the current question has been on screen and how long the session has run."""

    def __init__(self, ticker: Callable[[], float], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._ticker = ticker
        self._session_start = ticker()
        self._question_start = self._session_start
        self._stopped_at: float | None = None

    def on_mount(self) -> None:
        """Tick once a second."""
        self.set_interval(1.0, self._tick)
        self._tick()

    @property
    def session_seconds(self) -> float:
        """Seconds since the session started."""
        return self._ticker() - self._session_start

    def restart(self) -> None:
        """A new question is on screen."""
        self._question_start = self._ticker()
        self._stopped_at = None
        self._tick()

    def stop(self) -> None:
        """The answer is in: freeze the question's time."""
        self._stopped_at = self._ticker()
        self._tick()

    def _tick(self) -> None:
        now = self._ticker()
        question = (self._stopped_at or now) - self._question_start
        self.update(f"⏱ {clock_text(question)} · session {clock_text(now - self._session_start)}")
