"""Two learners on one database (SQLite, then PostgreSQL): same decks, separate schedules, limits, undo, parameters."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from quizzer.review.class_service import ClassService
from quizzer.review.errors import UnknownCardError
from quizzer.store.parameters import FittedParameters
from quizzer.store.profiles import default_profile_name
from tests.review.conftest import NOW, MakeService, build_deck, sql

DECKS = [build_deck("d", {"n1": ["q1", "q2"], "n2": ["q1"], "n3": ["q1"]})]


def test_a_service_studies_as_the_local_user_by_default(make_service: MakeService) -> None:
    service = make_service()
    assert service.profile == default_profile_name()
    service.sync(DECKS, NOW)
    assert [(p.name, p.cards) for p in ClassService(service.db_url).profiles()] == [(default_profile_name(), 4)]


def test_two_learners_share_decks_but_never_a_schedule(make_service: MakeService, db_url: str) -> None:
    ada, bob = make_service(profile="ada", new_per_day=2), make_service(profile="bob", new_per_day=2)
    assert ada.sync(DECKS, NOW).added and bob.sync(DECKS, NOW).added  # each its own cards, fingerprints apart
    assert bob.sync(DECKS, NOW).added == []  # bob's fingerprints now recorded too

    first = ada.next_card(NOW)
    assert first is not None
    ada.answer(first.card_id, 1, NOW, typed_answer="7", verdict="wrong")
    ada.answer(ada.next_card(NOW).card_id, 3, NOW)  # type: ignore[union-attr]

    assert ada.new_card_limit(NOW).done == 2 and bob.new_card_limit(NOW).done == 0  # limits are per learner
    assert bob.card(first.card_id).reps == 0 and ada.card(first.card_id).reps == 1
    assert [card.card_id for card in bob.due_queue(NOW)] == ["d/n1/q1", "d/n2/q1"]  # untouched by ada's answers
    assert bob.undo() is None  # bob has no answers to undo, and cannot undo ada's
    assert bob.stats(NOW).total_reviews == 0 and ada.stats(NOW).total_reviews == 2
    assert bob.answer_count() == 0 and bob.review_details() == []
    with bob.reviews() as reviews:
        assert list(reviews) == []

    bob.answer(first.card_id, 4, NOW + timedelta(minutes=1))
    ada.undo()
    ada.undo()
    assert ada.card(first.card_id).reps == 0 and bob.card(first.card_id).reps == 1  # undo stays in its profile
    counts = sql(
        db_url, "SELECT p.name AS name, c.answers AS n FROM review_count c JOIN profile p ON p.id = c.profile_id"
    )
    assert counts == [{"name": "bob", "n": 1}]


def test_parameters_and_suspensions_are_per_learner(make_service: MakeService) -> None:
    ada, bob = make_service(profile="ada"), make_service(profile="bob")
    ada.sync(DECKS, NOW)
    bob.sync(DECKS, NOW)
    fitted = FittedParameters("", tuple(float(n) for n in range(21)), datetime(2025, 3, 1, tzinfo=UTC), 900, 0.3, 0.02)
    ada.save_parameters(fitted)
    assert set(ada.fitted_parameters()) == {""} and bob.fitted_parameters() == {}
    assert bob.reset_parameters() == 0 and set(ada.fitted_parameters()) == {""}
    ada.suspend("d/n1/q1")
    assert ada.card("d/n1/q1").suspended and not bob.card("d/n1/q1").suspended


def test_a_card_of_a_deck_only_one_learner_synced_is_unknown_to_the_other(make_service: MakeService) -> None:
    ada, bob = make_service(profile="ada"), make_service(profile="bob")
    ada.sync([*DECKS, build_deck("extra")], NOW)
    bob.sync(DECKS, NOW)
    assert ada.card("extra/n1/q1").reps == 0
    with pytest.raises(UnknownCardError):
        bob.card("extra/n1/q1")
    assert set(bob.counts(NOW)) == {"d"} and set(ada.counts(NOW)) == {"d", "extra"}


def test_profiles_lists_cards_and_reviews(make_service: MakeService) -> None:
    ada, bob = make_service(profile="ada"), make_service(profile="bob")
    ada.sync(DECKS, NOW)
    bob.sync([build_deck("d", {"n1": ["q1"]})], NOW)
    ada.answer("d/n1/q1", 3, NOW)
    listed = {p.name: (p.cards, p.reviews) for p in ClassService(ada.db_url).profiles()}
    assert listed == {"ada": (4, 1), "bob": (1, 0), default_profile_name(): (0, 0)}  # a new database has yours


def test_ten_learners_of_ten_profiles_at_once_stay_apart(make_service: MakeService, db_url: str) -> None:
    keys = ["d/n1/q1", "d/n1/q2", "d/n2/q1"]
    for n in range(10):
        make_service(profile=f"p{n}").sync(DECKS, NOW)
    learners = [
        subprocess.Popen(
            [sys.executable, "-m", "testsupport.learner_process", db_url, str(n), "8", *keys],
            env={**os.environ, "QUIZZER_PROFILE": f"p{n}"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(10)
    ]
    outputs = [learner.communicate(timeout=300) for learner in learners]
    assert [learner.returncode for learner in learners] == [0] * 10, [err for _, err in outputs]
    rows = sql(
        db_url,
        "SELECT p.name AS name, l.id AS id, c.profile_id = l.profile_id AS same FROM review_log l"
        " JOIN card c ON c.id = l.card_id JOIN profile p ON p.id = l.profile_id",
    )
    assert all(row["same"] for row in rows)  # every answer on its own learner's card
    for n, (out, _) in enumerate(outputs):
        acked = {int(line.split()[2]) for line in out.splitlines()}
        assert acked == {row["id"] for row in rows if row["name"] == f"p{n}"} and len(acked) == 8


def test_processes_creating_one_new_profile_at_once_share_it(make_service: MakeService, db_url: str) -> None:
    make_service().close()  # the schema
    code = (
        "import sys; from quizzer.review.service import ReviewService as S; "
        "s = S(sys.argv[1], profile='newcomer'); print(s.profile_id); s.close()"
    )
    opening = [
        subprocess.Popen(
            [sys.executable, "-c", code, db_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(6)
    ]
    outputs = [process.communicate(timeout=300) for process in opening]
    assert [process.returncode for process in opening] == [0] * 6, [err for _, err in outputs]
    assert len({out.strip() for out, _ in outputs}) == 1
    assert sql(db_url, "SELECT count(*) AS n FROM profile WHERE name = 'newcomer'") == [{"n": 1}]
