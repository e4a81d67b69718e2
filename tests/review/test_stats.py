"""Statistics from the review log: calendar by study day, forecast, retention, weakest notes, streak."""

from __future__ import annotations

from datetime import date, timedelta

from quizzer.review.service import ReviewService
from quizzer.review.stats import FORECAST_DAYS
from tests.review.conftest import NOW, build_deck


def test_an_empty_store_has_empty_stats(service: ReviewService) -> None:
    stats = service.stats(NOW)
    assert stats.today == date(2025, 3, 3)
    assert stats.calendar == {} and stats.retention == [] and stats.weakest == []
    assert stats.forecast == [0] * FORECAST_DAYS
    assert (stats.total_reviews, stats.streak, stats.next_due) == (0, 0, None)


def test_reviews_are_counted_by_study_day_and_make_a_streak(service: ReviewService) -> None:
    service.sync([build_deck()], NOW)
    service.answer("d/n1/q1", 3, NOW - timedelta(days=1))
    service.answer("d/n2/q1", 3, NOW - timedelta(days=1, hours=7))  # 03:00 UTC: still the day before's study day
    service.answer("d/n1/q2", 1, NOW)
    stats = service.stats(NOW)
    assert stats.calendar == {date(2025, 3, 1): 1, date(2025, 3, 2): 1, date(2025, 3, 3): 1}
    assert stats.streak == 3 and stats.total_reviews == 3


def test_forecast_retention_and_weakest_notes(service: ReviewService) -> None:
    service.sync([build_deck()], NOW - timedelta(days=30))
    moment = NOW - timedelta(days=30)
    for _ in range(4):  # learn both questions of n1 until they are review cards
        for card in ("d/n1/q1", "d/n2/q1"):
            result = service.answer(card, 3, moment)
        moment = max(moment + timedelta(minutes=1), result.card.due)
    lapse = service.answer("d/n1/q1", 1, max(moment, service.card("d/n1/q1").due))
    stats = service.stats(lapse.reviewed_at)
    assert sum(stats.forecast) == 2  # both studied cards fall due within 30 days
    assert stats.next_due == service.card("d/n1/q1").due  # the relearning step; n2/q1, already due, is today's
    assert service.card("d/n2/q1").due <= lapse.reviewed_at and stats.forecast[0] >= 1
    [weak] = stats.weakest
    assert (weak.deck, weak.note, weak.lapses, weak.again) == ("d", "n1", 1, 1)
    assert stats.retention and stats.retention[-1].reviews >= 1
    assert stats.to_dict()["weakest"][0]["again_rate"] == round(weak.again_rate, 4)


def test_the_weakest_of_many_lapsed_notes_are_those_a_full_ranking_gives(service: ReviewService) -> None:
    from quizzer.review.stats import _every_weak_note, _ranked, _weakest
    from quizzer.store.db import read_session

    service.sync([build_deck(notes={f"n{i:02}": ["q1", "q2"] for i in range(14)})], NOW - timedelta(days=60))
    moment = NOW - timedelta(days=60)
    for index in range(14):
        for question in ("q1", "q2")[: 1 + index % 2]:
            card = f"d/n{index:02}/{question}"
            service.answer(card, 4, moment)  # a review card
            for _ in range(index % 4):  # 0 to 3 lapses, relearned each time
                lapse = service.answer(card, 1, service.card(card).due)
                service.answer(card, 3, lapse.card.due)
    with read_session(service._sessions) as session:
        mine = service.profile_id
        weakest, everyone = _weakest(session, mine), _ranked(session, _every_weak_note(mine))
    assert weakest == everyone and len(weakest) == 10 and weakest[0].lapses == 6
