"""The FSRS wrapper: previews equal what is applied, fuzz is seeded per card and review count."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzer.scheduling.scheduler import RATINGS, CardSchedule, Phase, Scheduler
from quizzer.scheduling.settings import Settings

START = datetime(2025, 1, 1, 9, tzinfo=UTC)
SCHEDULER = Scheduler(Settings())


def mature(card_number: int, goods: int = 5) -> tuple[CardSchedule, datetime]:
    """A card answered Good ``goods`` times, each on its due date."""
    card, now = CardSchedule(due=START), START
    for _ in range(goods):
        card = SCHEDULER.review(card_number, card, 3, now)
        now = card.due
    return card, now


@settings(max_examples=60, deadline=None)
@given(
    card_number=st.integers(min_value=1, max_value=10**9),
    ratings=st.lists(st.sampled_from(RATINGS), min_size=1, max_size=12),
    lateness_hours=st.lists(st.floats(min_value=-12, max_value=72), min_size=12, max_size=12),
)
def test_preview_equals_applied(card_number: int, ratings: list[int], lateness_hours: list[float]) -> None:
    card, now = CardSchedule(due=START), START
    for count, (rating, late) in enumerate(zip(ratings, lateness_hours, strict=False), start=1):
        now = max(now, card.due + timedelta(hours=late))  # early, on time or late, never back in time
        shown = SCHEDULER.preview(card_number, card, now)
        card = SCHEDULER.review(card_number, card, rating, now)
        assert card.due == shown[rating]
        assert card.reps == count


def test_fuzz_is_deterministic_per_card_and_count() -> None:
    card, now = mature(42)
    first = SCHEDULER.review(42, card, 3, now)
    random.seed(12345)  # the global generator has no say
    assert SCHEDULER.review(42, card, 3, now) == first
    assert Scheduler(Settings()).review(42, card, 3, now) == first


def test_fuzz_varies_between_cards_and_counts() -> None:
    card, now = mature(1)
    intervals = {SCHEDULER.review(number, card, 3, now).due for number in range(1, 40)}
    assert len(intervals) > 1  # same memory state, different cards: spread over days
    counts = {SCHEDULER.review(1, CardSchedule(**{**card.__dict__, "reps": reps}), 3, now).due for reps in range(40)}
    assert len(counts) > 1


def test_fuzz_stays_in_fsrs_range() -> None:
    card, now = mature(7)
    plain = fsrs.Scheduler(enable_fuzzing=False)
    unfuzzed = plain.review_card(
        fsrs.Card(7, fsrs.State.Review, None, card.stability, card.difficulty, card.due, card.last_review),
        fsrs.Rating.Good,
        now,
    )[0]
    base = (unfuzzed.due - now).days
    fuzzed = [(SCHEDULER.review(n, card, 3, now).due - now).days for n in range(200)]
    assert base > 20
    assert max(abs(days - base) for days in fuzzed) <= base * 0.1
    assert min(fuzzed) < base < max(fuzzed)


def test_reviewing_leaves_the_global_random_state_alone() -> None:
    card, now = mature(3)
    state = random.getstate()
    SCHEDULER.preview(3, card, now)
    assert random.getstate() == state


def test_new_card_goes_through_the_learning_steps() -> None:
    card = SCHEDULER.review(1, CardSchedule(due=START), 3, START)
    assert (card.phase, card.step, card.due - START, card.reps) == (Phase.LEARNING, 1, timedelta(minutes=10), 1)
    card = SCHEDULER.review(1, card, 3, card.due)
    assert card.phase is Phase.REVIEW and card.step is None


def test_lapses_count_review_cards_forgotten() -> None:
    card, now = mature(5)
    lapsed = SCHEDULER.review(5, card, 1, now)
    assert (lapsed.phase, lapsed.lapses) == (Phase.RELEARNING, 1)
    again = SCHEDULER.review(5, lapsed, 1, lapsed.due)  # forgetting while relearning is no new lapse
    assert again.lapses == 1


def test_maximum_interval_and_steps_come_from_settings() -> None:
    short = Scheduler(Settings(maximum_interval_days=3, learning_steps=["5m"]))
    card = short.review(9, CardSchedule(due=START), 3, START)
    assert card.phase is Phase.REVIEW  # one step: Good graduates at once
    for _ in range(5):
        card = short.review(9, card, 4, card.due)
        assert card.due - card.last_review <= timedelta(days=3)


def test_any_aware_zone_is_accepted_and_stored_as_utc() -> None:
    paris = START.astimezone(ZoneInfo("Europe/Paris"))
    card = SCHEDULER.review(1, CardSchedule(due=START), 3, paris)
    assert card.last_review == START and card.last_review.tzinfo is UTC


def test_bad_rating_is_refused() -> None:
    with pytest.raises(ValueError, match="rating"):
        SCHEDULER.review(1, CardSchedule(due=START), 5, START)


def test_schedule_round_trips_through_json() -> None:
    card, _ = mature(11, goods=3)
    assert CardSchedule.from_dict(card.to_dict()) == card
    assert CardSchedule.from_dict(CardSchedule(due=START).to_dict()) == CardSchedule(due=START)
