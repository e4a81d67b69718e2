"""Reading the review log for fitting FSRS parameters: the one place that knows how answers are stored.

``quizzer optimize`` needs every answer as (card, time, rating) in review order, and the
stats screen how many answers there are; both read the log here and nowhere else, so a change of the log's layout is adapted in this module alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizzer.store.models import Card, ReviewLog


@dataclass(frozen=True)
class Answer:
    """One answer of the log: the card's stable integer id, when (UTC), and the rating (1 Again .. 4 Easy)."""

    card_id: int
    reviewed_at: datetime
    rating: int


def answers(session: Session, profile: int, deck: str | None = None) -> list[Answer]:
    """Every answer of the profile (to ``deck``'s cards, or to all its cards) in review order."""
    query = (
        select(ReviewLog.card_id, ReviewLog.reviewed_at, ReviewLog.rating)
        .where(ReviewLog.profile_id == profile)
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    )
    if deck is not None:
        query = query.join(Card, Card.id == ReviewLog.card_id).where(Card.deck == deck)
    rows = session.execute(query.execution_options(yield_per=10_000))
    return [Answer(card_id, reviewed_at, rating) for card_id, reviewed_at, rating in rows]


def answer_count(session: Session, profile: int, deck: str | None = None) -> int:
    """How many answers of the profile (to ``deck``'s cards, or to all) the log holds."""
    query = select(func.count(ReviewLog.id)).where(ReviewLog.profile_id == profile)
    if deck is not None:
        query = query.join(Card, Card.id == ReviewLog.card_id).where(Card.deck == deck)
    return int(session.execute(query).scalar_one())
