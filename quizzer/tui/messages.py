"""Messages that thread workers post back to the UI: the only way database and engine results reach a widget.

The types they carry are imported for type checking only: the TUI's first screen paints
before the store, the deck model and the grader are loaded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    import threading

    from quizzer.checking.last_run import DeckCheck
    from quizzer.decks.model import Deck
    from quizzer.review.stats import Stats
    from quizzer.review.views import CardView, DeckCounts, ReviewResult
    from quizzer.study.session import Answered, Presented, StudySession
    from quizzer.study.shown import ShownQuestion


class DeviceReady(Message):
    """The worker pool is up; ``device`` describes where truths are computed."""

    def __init__(self, device: str) -> None:
        super().__init__()
        self.device = device


class DeviceFailed(Message):
    """The worker pool could not start on the requested device."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class DecksCounted(Message):
    """The decks with, per deck, new/learning/due counts and the last ``check`` (for the home screen)."""

    def __init__(
        self, decks: Sequence[Deck], counts: Mapping[str, DeckCounts], checks: Mapping[str, DeckCheck]
    ) -> None:
        super().__init__()
        self.decks = decks
        self.counts = counts
        self.checks = checks


class SessionOpened(Message):
    """A study session was created (decks synced to the store)."""

    def __init__(self, session: StudySession) -> None:
        super().__init__()
        self.session = session


class QuestionShown(Message):
    """The next question, as shown (``shown.left``: cards left today), with the answers done so far.

    ``truth_done`` is set once its truth is computed.
    """

    def __init__(
        self, presented: Presented, shown: ShownQuestion, truth_done: threading.Event, done: int, notice: str = ""
    ) -> None:
        super().__init__()
        self.presented = presented
        self.shown = shown
        self.truth_done = truth_done
        self.done = done
        self.notice = notice  # what the step before did, e.g. "suspended"


class TruthReady(Message):
    """The truth of ``presented`` has been computed (``presented.truth``)."""

    def __init__(self, presented: Presented) -> None:
        super().__init__()
        self.presented = presented


class AnswerJudged(Message):
    """A typed answer was judged; nothing is recorded until it is rated."""

    def __init__(self, answered: Answered) -> None:
        super().__init__()
        self.answered = answered


class AnswerRecorded(Message):
    """A rating was committed to the store."""

    def __init__(self, result: ReviewResult) -> None:
        super().__init__()
        self.result = result


class AnswerUndone(Message):
    """The last recorded answer was undone (``card`` is None when there was nothing to undo)."""

    def __init__(self, card: CardView | None) -> None:
        super().__init__()
        self.card = card


class SessionFinished(Message):
    """No card is left for today in the session's scope."""


class DecksReloaded(Message):
    """The decks were read again after an edit; ``problems`` lists why they were not, if so."""

    def __init__(self, decks: Sequence[Deck], problems: Sequence[str]) -> None:
        super().__init__()
        self.decks = decks
        self.problems = problems


class StatsLoaded(Message):
    """The statistics were read from the store."""

    def __init__(self, stats: Stats) -> None:
        super().__init__()
        self.stats = stats
