"""FSRS scheduling through the `fsrs` package, with fuzz seeded per card and review count.

py-fsrs fuzzes Review intervals with the module-level ``random()`` of ``fsrs.scheduler``,
so two calls for the same card can disagree: the interval shown on a rating button
would not be the one applied. As Anki does (seed = card id + reps), every review here
runs with that ``random`` swapped for ``Random(seed).random`` where the seed is made of
the card's number and its review count. A preview and the answer that follows draw the
same fuzz, so the due date shown for a rating is exactly the one applied. The swap holds
a lock for the few microseconds of one ``review_card`` call, so threads cannot interleave.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from random import Random
from typing import Any

import fsrs
import fsrs.scheduler as fsrs_scheduler

from quizzer.scheduling.day import as_utc
from quizzer.scheduling.phase import Phase
from quizzer.scheduling.settings import Settings

if not callable(getattr(fsrs_scheduler, "random", None)):  # pragma: no cover - guards an fsrs upgrade
    raise ImportError("fsrs.scheduler no longer draws fuzz from a module-level random(); update quizzer.scheduling")

_FUZZ_LOCK = threading.Lock()
RATINGS = (1, 2, 3, 4)  # Again, Hard, Good, Easy


@dataclass(frozen=True)
class CardSchedule:
    """Everything the scheduler knows about one card (all datetimes UTC)."""

    due: datetime
    phase: Phase = Phase.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Strict-JSON form (datetimes as ISO 8601), exact for floats."""
        data = asdict(self)
        data["phase"] = int(self.phase)
        data["due"] = self.due.isoformat()
        data["last_review"] = self.last_review.isoformat() if self.last_review else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CardSchedule:
        """Inverse of ``to_dict``."""
        last = data.get("last_review")
        return cls(
            due=datetime.fromisoformat(data["due"]),
            phase=Phase(data["phase"]),
            step=data.get("step"),
            stability=data.get("stability"),
            difficulty=data.get("difficulty"),
            last_review=datetime.fromisoformat(last) if last else None,
            reps=int(data.get("reps", 0)),
            lapses=int(data.get("lapses", 0)),
        )


def fuzz_seed(card_number: int, reps: int) -> int:
    """The fuzz seed of a card's next review: its number and how many reviews it has had."""
    return (card_number << 32) + reps


@contextmanager
def _seeded_fuzz(seed: int) -> Iterator[None]:
    with _FUZZ_LOCK:
        original = fsrs_scheduler.random  # type: ignore[attr-defined]  # the module-level random() fsrs fuzzes with
        fsrs_scheduler.random = Random(seed).random  # type: ignore[attr-defined]
        try:
            yield
        finally:
            fsrs_scheduler.random = original  # type: ignore[attr-defined]


def default_parameters() -> list[float]:
    """FSRS-6's default parameters: what schedules until ``quizzer optimize`` adopts fitted ones."""
    return list(fsrs_scheduler.DEFAULT_PARAMETERS)


class Scheduler:
    """FSRS with quizzer's settings: review one card, or preview the four ratings.

    ``parameters`` are the 21 FSRS-6 weights fitted by ``quizzer optimize``; None gives
    the defaults. They are rounded to 6 decimals: fitted values come as float32, and
    py-fsrs refuses 0.800000011920929 where its bound is 0.8.
    """

    def __init__(self, settings: Settings, parameters: Sequence[float] | None = None) -> None:
        self._fsrs = fsrs.Scheduler(
            parameters=tuple(round(value, 6) for value in parameters or default_parameters()),
            desired_retention=settings.desired_retention,
            learning_steps=settings.learning_steps,
            relearning_steps=settings.relearning_steps,
            maximum_interval=settings.maximum_interval_days,
            enable_fuzzing=True,
        )

    def review(self, card_number: int, card: CardSchedule, rating: int, now: datetime) -> CardSchedule:
        """The card's schedule after answering with ``rating`` (1 Again .. 4 Easy) at ``now``."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy), not {rating!r}")
        with _seeded_fuzz(fuzz_seed(card_number, card.reps)):
            after, _ = self._fsrs.review_card(_to_fsrs(card_number, card), fsrs.Rating(rating), as_utc(now))
        lapsed = card.phase is Phase.REVIEW and rating == fsrs.Rating.Again
        return replace(
            card,
            due=after.due,
            phase=Phase(int(after.state)),
            step=after.step,
            stability=after.stability,
            difficulty=after.difficulty,
            last_review=after.last_review,
            reps=card.reps + 1,
            lapses=card.lapses + int(lapsed),
        )

    def preview(self, card_number: int, card: CardSchedule, now: datetime) -> dict[int, datetime]:
        """The due date each rating would give, exactly as ``review`` would apply it."""
        return {rating: self.review(card_number, card, rating, now).due for rating in RATINGS}


def _to_fsrs(card_number: int, card: CardSchedule) -> fsrs.Card:
    # py-fsrs has no New state: a new card is Learning at step 0 with no memory yet.
    state = fsrs.State.Learning if card.phase is Phase.NEW else fsrs.State(int(card.phase))
    return fsrs.Card(
        card_id=card_number,
        state=state,
        step=0 if card.phase is Phase.NEW else card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=as_utc(card.due),
        last_review=as_utc(card.last_review) if card.last_review else None,
    )
