"""Plain data handed to clients: cards, answers, counts and sync reports (never ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from quizzer.scheduling.phase import Phase

if TYPE_CHECKING:
    from sqlalchemy import Row

    from quizzer.store.models import Card


@dataclass(frozen=True)
class PastAnswer:
    """One earlier answer to a card, as the rating suggestion weighs it."""

    verdict: str | None  # "correct", "wrong", ... (None for answers recorded without one)
    rating: int
    duration_ms: int


@dataclass(frozen=True)
class CardView:
    """A card as clients see it; ``card_id`` is ``deck/note/question``."""

    card_id: str
    deck: str
    note: str
    question: str
    phase: Phase
    due: datetime
    reps: int
    lapses: int
    suspended: bool
    archived: bool
    leech: bool
    changed: bool  # its truth changed since it was last answered
    buried_until: datetime | None

    @classmethod
    def of(cls, card: Card | Row[Any]) -> CardView:
        """The view of a stored card (an ORM row, or a row of ``quizzer.review.queue.VIEW_COLUMNS``)."""
        return cls(
            card_id=card.key,
            deck=card.deck,
            note=card.note,
            question=card.question,
            phase=Phase(card.state),
            due=card.due,
            reps=card.reps,
            lapses=card.lapses,
            suspended=card.suspended,
            archived=card.archived,
            leech=card.leech,
            changed=card.flagged_changed,
            buried_until=card.buried_until,
        )


@dataclass(frozen=True)
class ReviewResult:
    """A committed answer: the log row's id and the card's new state."""

    review_id: int
    card: CardView
    rating: int
    reviewed_at: datetime
    became_leech: bool  # this answer took the card to a leech threshold: report it

    @property
    def interval(self) -> timedelta:
        """Time until the card is due again."""
        return self.card.due - self.reviewed_at


@dataclass(frozen=True)
class DeckCounts:
    """What is left to study today in one deck (or one review scope), after limits and burying.

    ``learning`` counts learning cards due at any time today, so ``total`` is everything a
    session on this scope would still ask today. ``new_held`` counts new cards that wait for
    another day: over the daily new-card limit, or siblings of a note answered today.
    """

    new: int = 0
    learning: int = 0
    due: int = 0  # review cards
    new_held: int = 0

    @property
    def total(self) -> int:
        """Cards still to study today."""
        return self.new + self.learning + self.due


@dataclass(frozen=True)
class NewCardLimit:
    """Today's new-card limit for the whole collection: the configured one plus any increase for today."""

    done: int  # new cards answered since the study day started
    limit: int  # configured ``new_per_day`` plus ``extra``
    extra: int  # raised for today only (``ReviewService.allow_more_new``)

    @property
    def reached(self) -> bool:
        """No new card may be introduced today."""
        return self.done >= self.limit


@dataclass
class SyncReport:
    """What a sync changed, by card id (``deck/note/question``)."""

    added: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id)
    archived: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)  # archived cards whose question came back
    changed: list[str] = field(default_factory=list)  # truth changed: flagged, back to (re)learning
