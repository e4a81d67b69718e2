"""Recording an answer and undoing it, each inside the caller's single transaction.

The log row keeps the card's complete scheduling state before and after the answer
(``snapshot``). Undo restores the "before" snapshot and deletes the row, so the card and
the log are exactly as they were, daily limits and burying included (both are counted
from the log). Undo refuses when the card no longer matches the "after" snapshot: some
other change came later and would be silently lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizzer.review.errors import UndoConflictError, UnknownCardError
from quizzer.scheduling.leech import leech_reached
from quizzer.scheduling.phase import Phase
from quizzer.scheduling.scheduler import CardSchedule, Scheduler
from quizzer.store.models import Card, ReviewLog


@dataclass(frozen=True)
class AnswerDetails:
    """What was asked and answered, stored as given (plain strings and JSON-ready dicts)."""

    typed_answer: str | None = None
    verdict: str | None = None  # the grader's status: correct, wrong, unparsed, error ...
    truth: dict[str, Any] | None = None  # Outcome.to_dict() of the ground truth
    params: dict[str, Any] | None = None  # the params instance asked
    seed: int | None = None  # the seed that drew it
    device: str | None = None
    torch_version: str | None = None
    duration_ms: int = 0


def card_by_key(session: Session, key: str) -> Card:
    """The card with id ``key`` (``deck/note/question``), locked for update where the backend can."""
    card = session.execute(select(Card).where(Card.key == key).with_for_update()).scalar_one_or_none()
    if card is None:
        raise UnknownCardError(key)
    return card


def schedule_of(card: Card) -> CardSchedule:
    """The card's scheduling state as the scheduler sees it."""
    return CardSchedule(
        due=card.due,
        phase=Phase(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        last_review=card.last_review,
        reps=card.reps,
        lapses=card.lapses,
    )


def snapshot(card: Card) -> dict[str, Any]:
    """Everything an answer changes on a card, as JSON."""
    return {"schedule": schedule_of(card).to_dict(), "leech": card.leech, "flagged_changed": card.flagged_changed}


def _restore(card: Card, saved: dict[str, Any]) -> None:
    schedule = CardSchedule.from_dict(saved["schedule"])
    card.due = schedule.due
    card.state = int(schedule.phase)
    card.step = schedule.step
    card.stability = schedule.stability
    card.difficulty = schedule.difficulty
    card.last_review = schedule.last_review
    card.reps = schedule.reps
    card.lapses = schedule.lapses
    card.leech = saved["leech"]
    card.flagged_changed = saved["flagged_changed"]


def record_answer(
    session: Session,
    scheduler: Scheduler,
    leech_lapses: int,
    key: str,
    rating: int,
    now: datetime,
    details: AnswerDetails,
) -> tuple[Card, ReviewLog, bool]:
    """Schedule the card for ``rating`` and add its log row; returns (card, row, became_leech)."""
    card = card_by_key(session, key)
    before = schedule_of(card)
    after = scheduler.review(card.id, before, rating, now)
    became_leech = after.lapses > before.lapses and leech_reached(after.lapses, leech_lapses)
    saved = snapshot(card)
    _restore(card, {"schedule": after.to_dict(), "leech": card.leech or became_leech, "flagged_changed": False})
    row = ReviewLog(
        card_id=card.id,
        reviewed_at=now,
        rating=rating,
        state_before=int(before.phase),
        duration_ms=details.duration_ms,
        typed_answer=details.typed_answer,
        verdict=details.verdict,
        truth=details.truth,
        params=details.params,
        params_seed=details.seed,
        device=details.device,
        torch_version=details.torch_version,
        sched_before=saved,
        sched_after=snapshot(card),
    )
    session.add(row)
    session.flush()
    return card, row, became_leech


def undo_answer(session: Session, review_id: int) -> Card:
    """Restore the card to before answer ``review_id`` and delete that answer's row."""
    row = session.get(ReviewLog, review_id, with_for_update=True)
    if row is None:
        raise UndoConflictError(f"answer {review_id} is no longer in the review log")
    card = session.get(Card, row.card_id, with_for_update=True)
    if card is None or snapshot(card) != row.sched_after:
        raise UndoConflictError(f"card {card.key if card else row.card_id} changed after answer {review_id}")
    _restore(card, row.sched_before)
    session.delete(row)
    session.flush()
    return card
