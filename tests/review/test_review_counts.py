"""The per-quarter-hour answer counts always equal a recount of the log: after answers, undos and a sync."""

from __future__ import annotations

import random
from datetime import timedelta

from quizzer.review.service import ReviewService
from tests.review.conftest import NOW, MakeService, build_deck
from testsupport.store_checks import recount, stored_counts


def test_counts_follow_answers_and_undos(make_service: MakeService, db_url: str) -> None:
    service = make_service(new_per_day=50, reviews_per_day=50)
    service.sync([build_deck(notes={f"n{i}": ["q1", "q2"] for i in range(8)})], NOW)
    rng, now = random.Random(14), NOW
    for step in range(150):
        if rng.random() < 0.25 and step:
            service.undo()
        else:
            card = service.next_card(now) or service.next_card(now := now + timedelta(days=2))
            if card is None:
                break
            service.answer(card.card_id, rng.choice([1, 2, 3, 3, 4]), now)
        now += timedelta(minutes=rng.choice([1, 7, 14, 15, 16, 60, 600]))
        assert stored_counts(db_url) == recount(db_url), f"after step {step}"
    assert sum(answers for answers, _, _ in stored_counts(db_url).values()) > 20
    service.sync([build_deck(notes={"n0": ["q1"]})], now)  # archives cards: their answers stay counted
    assert stored_counts(db_url) == recount(db_url)


def test_stats_totals_come_from_the_counts(service: ReviewService, db_url: str) -> None:
    service.sync([build_deck()], NOW)
    for minutes in (0, 14, 15, 16):
        service.answer("d/n1/q1", 3, NOW + timedelta(minutes=minutes))
    assert service.stats(NOW + timedelta(hours=1)).total_reviews == 4
    assert sum(answers for answers, _, _ in recount(db_url).values()) == 4
