"""Messages that thread workers post back to the UI: the only way store and engine results reach a widget.

Each is a dataclass (as Braindrop writes them) whose fields are immutable values from the
core: a study step, a judged answer, counts. The types are imported for type checking only:
the TUI's first screen paints before the store, the deck model and the grader are loaded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from quizzer.checking.last_run import DeckCheck
    from quizzer.decks.model import Deck
    from quizzer.outcome import Outcome
    from quizzer.review.stats import Stats
    from quizzer.review.views import DeckCounts
    from quizzer.study.presented import Answered, Presented
    from quizzer.study.session import StudySession
    from quizzer.study.steps import Step, Summary
    from quizzer.study.today import Today


@dataclass
class DeviceReady(Message):
    """The worker pool is up; ``device`` describes where truths are computed."""

    device: str


@dataclass
class DeviceFailed(Message):
    """The worker pool could not start on the requested device."""

    reason: str


@dataclass
class TodayCounted(Message):
    """The decks, what is left today in each, and each deck's last ``check`` (for the home screen)."""

    decks: Sequence[Deck]
    today: Today
    checks: Mapping[str, DeckCheck]


@dataclass
class ScopeCounted(Message):
    """What a review of the chosen decks and tags would ask today."""

    counts: DeckCounts


@dataclass
class SessionOpened(Message):
    """A study session was opened (its decks synced to the store)."""

    session: StudySession


@dataclass
class Stepped(Message):
    """The study session's next step (a question, a wait for a learning card, or done)."""

    step: Step


@dataclass
class TruthReady(Message):
    """The truth of ``presented`` was computed (None for recall questions)."""

    presented: Presented
    truth: Outcome | None


@dataclass
class AnswerJudged(Message):
    """A typed answer was judged; nothing is recorded until it is rated."""

    answered: Answered


@dataclass
class SessionFinished(Message):
    """The learner ended the session; ``summary`` is what it did."""

    summary: Summary


@dataclass
class StatsLoaded(Message):
    """The statistics were read from the store."""

    stats: Stats
