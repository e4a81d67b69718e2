"""`quizzer optimize` on a simulated learner: fitted parameters adopted only when they predict better, used at once."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from quizzer.cli import app
from quizzer.fitting.optimize import optimize
from quizzer.review.answers import card_by_key, schedule_of
from quizzer.review.service import ReviewService
from quizzer.scheduling.fit_policy import MIN_FIT_REVIEWS
from quizzer.scheduling.scheduler import Scheduler
from quizzer.store.db import make_engine, read_session, session_factory
from quizzer.store.profiles import default_profile_name, profile_id
from tests.fitting.conftest import SETTINGS, record_learner

NOW = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)  # after the simulated year


def next_card(service: ReviewService) -> str:
    """A card in the review phase, due by ``NOW``."""
    return next(card.card_id for card in service.due_queue(NOW) if card.reps > 2)


def expected_due(db_url: str, key: str, parameters: list[float] | None) -> datetime:
    """When ``key`` would be due after Good now, scheduled with ``parameters`` (None: the defaults)."""
    engine = make_engine(db_url)
    try:
        with read_session(session_factory(engine)) as session:
            card = card_by_key(session, profile_id(session, default_profile_name()), key)
            return Scheduler(SETTINGS, parameters).review(card.id, schedule_of(card), 3, NOW).due
    finally:
        engine.dispose()


def test_fitted_parameters_predict_better_are_adopted_and_schedule_the_next_answer(learner_url: str) -> None:
    with ReviewService(learner_url, SETTINGS) as service, ReviewService(learner_url, SETTINGS) as elsewhere:
        elsewhere.answer_count()  # another process's service, open before the fit (a TUI left running)
        run = optimize(service, NOW)
        result = run.result
        assert result.refused is None and result.fitted and result.current and result.parameters
        assert result.fit_reviews >= MIN_FIT_REVIEWS and result.held_out_reviews > 100
        assert result.fitted.log_loss < result.current.log_loss
        assert run.adopted
        stored = service.fitted_parameters()[""]
        assert list(stored.parameters) == result.parameters and stored.review_count == result.answers
        assert stored.fitted_at == NOW and stored.log_loss == result.fitted.log_loss
        key = next_card(service)
        fitted_due = expected_due(learner_url, key, result.parameters)
        assert fitted_due != expected_due(learner_url, key, None)
        assert elsewhere.answer(key, 3, NOW).card.due == fitted_due


def test_a_dry_run_adopts_nothing(learner_url: str) -> None:
    with ReviewService(learner_url, SETTINGS) as service:
        run = optimize(service, NOW, dry_run=True)
        assert run.better and not run.adopted
        assert service.fitted_parameters() == {}


def test_parameters_no_better_than_the_current_ones_are_kept_out(learner_url: str) -> None:
    with ReviewService(learner_url, SETTINGS) as service:
        first = optimize(service, NOW)
        assert first.adopted
        again = optimize(service, NOW + timedelta(days=1))  # the same log: the same fit, no better than itself
        assert not again.better and not again.adopted
        assert service.fitted_parameters()[""].fitted_at == NOW


def test_a_deck_preset_schedules_only_its_deck(learner_url: str) -> None:
    with ReviewService(learner_url, SETTINGS) as service:
        run = optimize(service, NOW, "sim")
        assert run.adopted and set(service.fitted_parameters()) == {"sim"} and run.result.parameters
        key = next_card(service)
        expected = expected_due(learner_url, key, run.result.parameters)
        assert service.answer(key, 3, NOW).card.due == expected
        assert service.reset_parameters("other") == 0
        assert service.reset_parameters("sim") == 1 and service.fitted_parameters() == {}


def test_below_the_minimum_it_refuses_in_one_line(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "small.sqlite3"
    answers = record_learner(f"sqlite:///{db}", cards=20, days=60)
    monkeypatch.setenv("QUIZZER_DB", str(db))
    result = CliRunner().invoke(app, ["optimize"])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("quizzer: not enough reviews to fit: ") and f"{MIN_FIT_REVIEWS} needed" in line
    assert answers > 100  # refused for want of reviews a day apart, not for an empty log
    with ReviewService(f"sqlite:///{db}", SETTINGS) as service:
        assert service.fitted_parameters() == {}


def test_the_command_reports_adopts_and_resets(learner_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZZER_DB", learner_url)
    dry = CliRunner().invoke(app, ["optimize", "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.stderr
    document = json.loads(dry.stdout)
    assert document["better"] and not document["adopted"] and document["dry_run"]
    assert document["fitted"]["log_loss"] < document["current"]["log_loss"]
    assert 0.7 <= document["optimal_retention"] <= 0.95 and document["desired_retention"] == 0.9
    done = CliRunner().invoke(app, ["optimize"])
    assert done.exit_code == 0, done.stderr
    assert "current (defaults)" in done.stdout and "adopted: " in done.stdout
    assert "desired retention 0.90" in done.stdout
    stats = CliRunner().invoke(app, ["stats", "--json"])
    fitted = json.loads(stats.stdout)["fsrs_parameters"]
    assert fitted["review_count"] == document["answers"] and fitted["parameters"] == document["parameters"]
    assert "FSRS parameters: fitted " in CliRunner().invoke(app, ["stats"]).stdout
    reset = CliRunner().invoke(app, ["optimize", "--reset"])
    assert reset.exit_code == 0 and "back to the default FSRS parameters" in reset.stderr
    with ReviewService(learner_url, SETTINGS) as service:
        assert service.fitted_parameters() == {}
