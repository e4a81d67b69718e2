"""Reading the review log back: every answer in time order, and the full details of a card's answers.

The log is stored compactly (``quizzer.store.models.ReviewLog``): times as integer
microseconds, the truth and params in a shared ``review_instance`` row, the schedule
before an answer only where it differs from the previous answer's schedule after.
This module is the one place that puts it back together, for features that read the
history (FSRS parameter fitting reads every answer; tests and the crash harness read
the details):

* ``read_log(session)`` streams ``LoggedReview`` rows (card, time, rating, phase before,
  duration, and the days since the card's previous answer) in review order;
* ``read_details(session)`` returns ``ReviewDetails``, everything one answer stored,
  with the schedule before it resolved.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, select, type_coerce
from sqlalchemy.orm import Session

from quizzer.store.columns import from_micros
from quizzer.store.models import ReviewInstance, ReviewLog

_DAY_US = 86_400 * 1_000_000


@dataclass(frozen=True, slots=True)
class LoggedReview:
    """One answer as the FSRS optimizer sees it."""

    review_id: int
    card_id: int  # the card's integer id: stable across renames
    reviewed_at: datetime  # UTC
    rating: int  # 1 Again .. 4 Easy
    state_before: int  # 0 new, 1 learning, 2 review, 3 relearning
    duration_ms: int
    elapsed_days: float | None  # since the card's previous answer; None for its first


@dataclass(frozen=True)
class ReviewDetails:
    """Everything one answer stored, with the schedule before it resolved."""

    review_id: int
    card_id: int
    reviewed_at: datetime
    rating: int
    state_before: int
    duration_ms: int
    typed_answer: str | None
    verdict: str | None
    params_seed: int | None
    truth: dict[str, Any] | None
    params: dict[str, Any] | None
    device: str | None
    torch_version: str | None
    sched_before: dict[str, Any]
    sched_after: dict[str, Any]


def read_log(session: Session, profile: int, since: datetime | None = None) -> Iterator[LoggedReview]:
    """The profile's answers (at or after ``since``) in review order, streamed; ``elapsed_days`` counts earlier ones."""
    micros = type_coerce(ReviewLog.reviewed_at, BigInteger)
    query = (
        select(ReviewLog.id, ReviewLog.card_id, micros, ReviewLog.rating, ReviewLog.state_before)
        .add_columns(ReviewLog.duration_ms)
        .where(ReviewLog.profile_id == profile)
    )
    last_seen: dict[int, int] = {}
    if since is not None:
        earlier = (
            select(ReviewLog.card_id, micros)
            .where(ReviewLog.profile_id == profile, ReviewLog.reviewed_at < since)
            .order_by(micros, ReviewLog.id)
        )
        for card_id, at in session.execute(earlier.execution_options(yield_per=10_000)):
            last_seen[card_id] = at
        query = query.where(ReviewLog.reviewed_at >= since)
    rows = session.execute(query.order_by(micros, ReviewLog.id).execution_options(yield_per=10_000)).all()
    for review_id, card_id, at, rating, state, duration in rows:
        previous = last_seen.get(card_id)
        last_seen[card_id] = at
        yield LoggedReview(
            review_id,
            card_id,
            from_micros(at),
            rating,
            state,
            duration,
            None if previous is None else (at - previous) / _DAY_US,
        )


def read_details(session: Session, profile: int, card_id: int | None = None) -> list[ReviewDetails]:
    """The profile's answers (to one card, if given) in the order given, ``sched_before`` from the previous row."""
    query = (
        select(ReviewLog, ReviewInstance)
        .outerjoin(ReviewInstance, ReviewInstance.id == ReviewLog.instance_id)
        .where(ReviewLog.profile_id == profile)
    )
    if card_id is not None:
        query = query.where(ReviewLog.card_id == card_id)
    previous: dict[int, dict[str, Any]] = {}
    details = []
    for row, instance in session.execute(query.order_by(ReviewLog.id)).all():
        before = row.sched_before if row.sched_before is not None else previous.get(row.card_id)
        if before is None:
            raise ValueError(f"review {row.id} stores no schedule before it and its card has no earlier review")
        previous[row.card_id] = row.sched_after
        details.append(
            ReviewDetails(
                review_id=row.id,
                card_id=row.card_id,
                reviewed_at=row.reviewed_at,
                rating=row.rating,
                state_before=row.state_before,
                duration_ms=row.duration_ms,
                typed_answer=row.typed_answer,
                verdict=row.verdict,
                params_seed=row.params_seed,
                truth=instance.truth if instance else None,
                params=instance.params if instance else None,
                device=instance.device if instance else None,
                torch_version=instance.torch_version if instance else None,
                sched_before=before,
                sched_after=row.sched_after,
            )
        )
    return details
