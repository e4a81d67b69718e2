"""Recording an answer and undoing it, each inside the caller's single transaction.

The log row keeps the card's complete scheduling state after the answer (``snapshot``);
the state before is the card's previous row's "after", and is stored on the row only
where it differs (the first answer, or a sync changed the card in between). The
previous row is found by time: it is the card's row at its ``last_review``. The truth,
params, device and torch version go to a shared ``review_instance`` row. Undo restores
the "before" snapshot (``Recorded.before``, kept by the caller) and deletes the row (and
the instance row the answer added, unless a later answer uses it too), so the card and
the log are exactly as they were, daily limits, burying and the per-quarter-hour counts
included. Undo refuses when the card no longer matches the "after" snapshot: some other
change came later and would be silently lost.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from quizzer.review.errors import UndoConflictError, UnknownCardError
from quizzer.scheduling.leech import leech_reached
from quizzer.scheduling.phase import Phase
from quizzer.scheduling.scheduler import CardSchedule, Scheduler
from quizzer.store.columns import quarter_of
from quizzer.store.models import Card, ReviewCount, ReviewInstance, ReviewLog


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


def card_by_key(session: Session, profile: int, key: str) -> Card:
    """The profile's card with id ``key`` (``deck/note/question``), locked for update where the backend can."""
    query = select(Card).where(Card.profile_id == profile, Card.key == key).with_for_update()
    card = session.execute(query).scalar_one_or_none()
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


def instance_text(
    truth: dict[str, Any] | None, params: dict[str, Any] | None, device: str | None, torch_version: str | None
) -> str:
    """The canonical JSON of what a ``review_instance`` row holds: rows are equal when these texts are."""
    return json.dumps([truth, params, device, torch_version], sort_keys=True, separators=(",", ":"))


def instance_digest(text: str) -> int:
    """The index key of a ``review_instance`` row: the first 8 bytes of the SHA-256 of ``instance_text``."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big", signed=True)


def _instance_id(session: Session, details: AnswerDetails) -> tuple[int | None, bool]:
    """The shared row holding this answer's truth, params, device and torch, and whether it was added now.

    (None, False) when all four are None.
    """
    values = (details.truth, details.params, details.device, details.torch_version)
    if all(value is None for value in values):
        return None, False
    text = instance_text(*values)
    digest = instance_digest(text)
    for found in session.scalars(select(ReviewInstance).where(ReviewInstance.digest == digest)):
        if instance_text(found.truth, found.params, found.device, found.torch_version) == text:
            return found.id, False
    added = session.scalar(
        insert(ReviewInstance)
        .values(
            digest=digest,
            truth=details.truth,
            params=details.params,
            device=details.device,
            torch_version=details.torch_version,
        )
        .returning(ReviewInstance.id)
    )
    return added, True


def _count(session: Session, row: ReviewLog, change: int) -> None:
    """Add ``change`` to the answers counted in ``row``'s quarter hour (and to its reviews and retained ones)."""
    quarter = quarter_of(row.reviewed_at)
    review = row.state_before == Phase.REVIEW
    added = {
        "answers": ReviewCount.answers + change,
        "reviews": ReviewCount.reviews + (change if review else 0),
        "retained": ReviewCount.retained + (change if review and row.rating > 1 else 0),
    }
    if change > 0:  # one statement: two first answers of a quarter hour at once both count (PostgreSQL)
        first = {"answers": change, "reviews": int(review), "retained": int(review and row.rating > 1)}
        session.execute(_upsert(session, {"profile_id": row.profile_id, "quarter": quarter, **first}, added))
        return
    mine = (ReviewCount.profile_id == row.profile_id, ReviewCount.quarter == quarter)
    session.execute(update(ReviewCount).where(*mine).values(added))
    session.execute(delete(ReviewCount).where(*mine, ReviewCount.answers == 0))


def _upsert(session: Session, values: dict[str, Any], added: dict[str, Any]) -> postgresql.Insert | sqlite.Insert:
    """Insert ``values`` into ``review_count``, or add to the row already there (SQLite's and PostgreSQL's upsert)."""
    key = [ReviewCount.profile_id, ReviewCount.quarter]
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(ReviewCount).values(values).on_conflict_do_update(index_elements=key, set_=added)
    return sqlite.insert(ReviewCount).values(values).on_conflict_do_update(index_elements=key, set_=added)


def _previous_after(session: Session, card: Card) -> dict[str, Any] | None:
    """The card's last log row's ``sched_after``: its row at ``last_review`` (None when it has none)."""
    if card.last_review is None:
        return None
    query = select(ReviewLog.sched_after).where(
        ReviewLog.profile_id == card.profile_id, ReviewLog.reviewed_at == card.last_review, ReviewLog.card_id == card.id
    )
    return session.scalar(query.order_by(ReviewLog.id.desc()).limit(1))


@dataclass(frozen=True)
class Recorded:
    """A recorded answer: the card after it, its log row, and what undoing it needs."""

    card: Card
    row: ReviewLog
    became_leech: bool
    before: dict[str, Any]  # the card's snapshot before the answer
    new_instance: bool  # the answer added its review_instance row


def record_answer(
    session: Session,
    scheduler: Scheduler,
    leech_lapses: int,
    card: Card,
    rating: int,
    now: datetime,
    details: AnswerDetails,
) -> Recorded:
    """Schedule ``card`` (read with ``card_by_key`` in this transaction) for ``rating`` and add its log row."""
    before = schedule_of(card)
    after = scheduler.review(card.id, before, rating, now)
    became_leech = after.lapses > before.lapses and leech_reached(after.lapses, leech_lapses)
    saved = snapshot(card)
    unchanged = _previous_after(session, card) == saved
    _restore(card, {"schedule": after.to_dict(), "leech": card.leech or became_leech, "flagged_changed": False})
    instance_id, new_instance = _instance_id(session, details)
    row = ReviewLog(
        profile_id=card.profile_id,
        card_id=card.id,
        reviewed_at=now,
        rating=rating,
        state_before=int(before.phase),
        duration_ms=details.duration_ms,
        typed_answer=details.typed_answer,
        verdict=details.verdict,
        params_seed=details.seed,
        instance_id=instance_id,
        sched_before=None if unchanged else saved,
        sched_after=snapshot(card),
    )
    session.add(row)
    session.flush()
    _count(session, row, +1)
    return Recorded(card, row, became_leech, saved, new_instance)


def undo_answer(session: Session, review_id: int, before: dict[str, Any], new_instance: bool = False) -> Card:
    """Restore the card to ``before`` answer ``review_id`` and delete that answer's row.

    With ``new_instance`` (the answer added its instance row), the instance row goes too
    unless a later answer uses it.
    """
    row = session.get(ReviewLog, review_id, with_for_update=True)
    if row is None:
        raise UndoConflictError(f"answer {review_id} is no longer in the review log")
    card = session.get(Card, row.card_id, with_for_update=True)
    if card is None or snapshot(card) != row.sched_after:
        raise UndoConflictError(f"card {card.key if card else row.card_id} changed after answer {review_id}")
    _restore(card, before)
    instance_id = row.instance_id
    _count(session, row, -1)
    session.delete(row)
    session.flush()
    if new_instance and instance_id is not None:
        later = exists().where(ReviewLog.id > review_id, ReviewLog.instance_id == instance_id)
        if not session.scalar(select(later)):
            session.execute(delete(ReviewInstance).where(ReviewInstance.id == instance_id))
    return card
