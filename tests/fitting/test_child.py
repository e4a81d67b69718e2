"""The fitting child: study days as the day boundary, the held-out split, refusals, and a child that fails."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from quizzer.fitting.child.dataset import build, day_numbers
from quizzer.fitting.child.main import run_fit
from quizzer.fitting.request import FitRequest
from quizzer.fitting.runner import FitFailed, run_in_child
from quizzer.scheduling.day import StudyDay
from quizzer.scheduling.fit_policy import MIN_FIT_REVIEWS, not_fitted
from quizzer.scheduling.scheduler import default_parameters
from testsupport.fsrs_sim import simulate

PARIS = ZoneInfo("Europe/Paris")


def ms(year: int, month: int, day: int, hour: int, zone: ZoneInfo = PARIS) -> int:
    return round(datetime(year, month, day, hour, tzinfo=zone).timestamp() * 1000)


def test_days_are_study_days_in_the_learners_zone() -> None:
    day = StudyDay(4, PARIS)
    times = [ms(2025, 3, 1, 23), ms(2025, 3, 2, 3), ms(2025, 3, 2, 5), ms(2025, 3, 30, 3), ms(2025, 3, 30, 5)]
    first, late_night, morning, before_dst_start, after = day_numbers(times, day)
    assert late_night == first  # 3 am still counts to the evening before
    assert morning == first + 1
    assert after == before_dst_start + 1  # across the night clocks go forward


def test_items_are_reviews_a_study_day_apart_split_by_time() -> None:
    day = StudyDay(4, PARIS)
    answers = [
        (1, ms(2025, 3, 1, 10), 3),
        (1, ms(2025, 3, 1, 11), 3),  # same day: part of the history, not an item
        (1, ms(2025, 3, 2, 3), 1),  # before 4 am: still the same study day
        (1, ms(2025, 3, 4, 10), 3),  # an item, in the training part
        (2, ms(2025, 3, 4, 11), 3),
        (1, ms(2025, 3, 9, 10), 1),  # held out (the latest 20 %), scored with the history before it
    ]
    data = build(answers, day, held_out_share=0.2)
    assert len(data.train) == 1 and len(data.held_out) == 1
    [held_out] = data.held_out
    assert held_out.elapsed_days == 5 and held_out.rating == 1
    assert held_out.before.long_term_review_cnt() == 1


def test_a_fit_of_a_small_log_is_refused_before_fitting() -> None:
    answers = simulate(30, 60)
    result = run_fit(FitRequest(answers=answers, current=default_parameters(), timezone="UTC"))
    assert result.refused is not None and f"{MIN_FIT_REVIEWS} needed" in result.refused
    assert result.parameters is None and result.fit_reviews < MIN_FIT_REVIEWS


def test_results_that_are_the_starting_point_are_not_fits() -> None:
    start = default_parameters()
    assert not_fitted(start, start) is not None
    moved_first_four = [value + 0.1 if index < 4 else value for index, value in enumerate(start)]
    assert "first four" in (not_fitted(moved_first_four, start) or "")
    assert not_fitted([value * 1.1 for value in start], start) is None


def test_a_child_that_fails_reports_its_last_line() -> None:
    utc = ZoneInfo("UTC")
    first = [(card, ms(2025, 1, 1, 10, utc) + card, 3) for card in range(800)]
    bad = first + [(card, ms(2025, 1, 3, 10, utc) + card, 9) for card in range(800)]  # no such rating
    with pytest.raises(FitFailed, match=r"^the fitting process failed: \w+"):
        run_in_child(FitRequest(answers=bad, current=default_parameters(), timezone="UTC"))


def test_a_learner_who_forgets_faster_is_fitted_better_than_the_defaults() -> None:
    result = run_in_child(FitRequest(answers=simulate(400, 365), current=default_parameters(), timezone="UTC"))
    assert result.refused is None and result.fitted and result.current
    assert result.fitted.log_loss < result.current.log_loss
    assert result.optimal_retention is not None and 0.7 <= result.optimal_retention <= 0.95
