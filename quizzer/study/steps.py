"""What a study session tells its clients: the next step, and what the last action did, worded once.

Every action of ``StudySession`` returns a ``Step``: ``Ask`` (present this question),
``Wait`` (nothing is due now, but a learning card is due within the learn-ahead window:
count down, then ask it) or ``Done`` (nothing left for this session). A step carries the
``events`` of the action that led to it (an answer recorded, a card set aside, an undo
refused...); each event's ``text`` is the one wording both clients show: `--plain` writes
it as a ``== `` line, the TUI as its notice line. All of them are frozen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from quizzer.review.views import CardView, ReviewResult
from quizzer.study.presented import Presented
from quizzer.study.shown import ShownQuestion
from quizzer.wording import RATING_NAMES, format_interval

LEECH = "leech: this card keeps lapsing; consider rewriting or suspending it"


class Aside(Enum):
    """Ways to set the question on screen aside."""

    SKIP = "skip"  # for the rest of this session; it stays due
    SUSPEND = "suspend"  # out of every queue until unsuspended
    BURY = "bury"  # out of today's queue

    @property
    def done(self) -> str:
        """The past tense, as the learner reads it."""
        return {"skip": "skipped", "suspend": "suspended", "bury": "buried"}[self.value]


@dataclass(frozen=True)
class Recorded:
    """An answer was rated and committed."""

    result: ReviewResult

    @property
    def text(self) -> str:
        """``recorded 3 good, next in 10m``, with the leech warning when this answer made one."""
        result = self.result
        line = f"recorded {result.rating} {RATING_NAMES[result.rating]}, next in {format_interval(result.interval)}"
        return f"{line} ({LEECH})" if result.became_leech else line


@dataclass(frozen=True)
class SetAside:
    """The card on screen was skipped, suspended or buried."""

    card_id: str
    how: Aside

    @property
    def text(self) -> str:
        """``skipped``, ``suspended`` or ``buried``."""
        return self.how.done


@dataclass(frozen=True)
class Undone:
    """The last recorded answer was undone (``card_id`` None: there was none)."""

    card_id: str | None

    @property
    def text(self) -> str:
        """``undone deck/note/question``, or ``nothing to undo``."""
        return f"undone {self.card_id}" if self.card_id else "nothing to undo"


@dataclass(frozen=True)
class UndoRefused:
    """The last answer cannot be undone exactly (another process changed its card since)."""

    reason: str

    @property
    def text(self) -> str:
        """``cannot undo: why``."""
        return f"cannot undo: {self.reason}"


@dataclass(frozen=True)
class LeftOut:
    """A due card whose ``requires`` this session's device or torch cannot meet is not asked."""

    card_id: str
    reason: str

    @property
    def text(self) -> str:
        """``left out deck/note/question: requires device cuda (running on cpu)``."""
        return f"left out {self.card_id}: {self.reason}"


@dataclass(frozen=True)
class Reloaded:
    """The decks were read again after an edit (``problems``: why they were not, the old ones stay)."""

    problems: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """``deck reloaded``, or how many problems kept the old deck."""
        if not self.problems:
            return "deck reloaded"
        count = len(self.problems)
        return f"deck not reloaded: {count} problem{'s' if count != 1 else ''} (the deck as it was stays)"


Event = Recorded | SetAside | Undone | UndoRefused | LeftOut | Reloaded


@dataclass(frozen=True)
class Progress:
    """Answers recorded in this session, and cards still to study today in its scope (the one count)."""

    done: int
    left: int

    @property
    def text(self) -> str:
        """``3 done · 12 left today``."""
        return f"{self.done} done · {self.left} left today"


@dataclass(frozen=True)
class Summary:
    """What a session did, for its last screen or line."""

    reviewed: int
    correct: int
    elapsed_s: float
    left: int

    @property
    def accuracy(self) -> str:
        """Right answers as a percentage, or a dash when nothing was reviewed."""
        return f"{100 * self.correct / self.reviewed:.0f}%" if self.reviewed else "-"


@dataclass(frozen=True)
class Ask:
    """Present ``presented``; the learner answers it, or sets it aside."""

    presented: Presented
    progress: Progress
    events: tuple[Event, ...] = ()

    @property
    def shown(self) -> ShownQuestion:
        """What a screen shows of the question."""
        return self.presented.shown(self.progress.left)


@dataclass(frozen=True)
class Wait:
    """Nothing is due now; ``card`` is a learning card due at ``due``, within the learn-ahead window."""

    card: CardView
    due: datetime
    progress: Progress
    events: tuple[Event, ...] = ()

    def seconds_left(self, now: datetime) -> float:
        """Seconds from ``now`` until the card is due (0 once it is)."""
        return max(0.0, (self.due - now).total_seconds())


@dataclass(frozen=True)
class Done:
    """Nothing is left for this session: no card due now or within the learn-ahead window."""

    summary: Summary
    events: tuple[Event, ...] = ()


Step = Ask | Wait | Done
