"""`quizzer profiles`, `--profile` and `quizzer stats --class` on a seeded three-learner database (both backends)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from typer.testing import CliRunner

from quizzer.cli import app
from quizzer.review.class_service import ClassService
from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import Settings
from tests.review.conftest import NOW, build_deck

DECKS = [build_deck("d", {"n1": ["q1"], "n2": ["q1"], "n3": ["q1"]})]
LATER = NOW + timedelta(days=60)
WRONG = "torch.Size([3])"


@pytest.fixture
def classroom(any_db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Ada, Bob and Cy learn the same deck; Ada and Bob miss n1 with the same wrong answer; Bob stops studying."""
    for name in ("ada", "bob", "cy"):
        with ReviewService(any_db_url, Settings(timezone="UTC"), profile=name) as learner:
            learner.sync(DECKS, NOW)
            for note in ("n1", "n2", "n3"):
                learner.answer(f"d/{note}/q1", 4, NOW)  # Easy: into the review phase
            if name == "bob":
                continue
            due = LATER - timedelta(days=1)
            typed = {"ada": WRONG, "cy": "3"}[name]
            learner.answer("d/n1/q1", 1 if name == "ada" else 3, due, typed_answer=typed, verdict="wrong")
            learner.answer("d/n2/q1", 3, due, typed_answer="x", verdict="correct")
            learner.answer("d/n3/q1", 3, due)
    with ReviewService(any_db_url, Settings(timezone="UTC"), profile="bob") as bob:  # a wrong answer, spaced oddly
        bob.answer("d/n1/q1", 1, NOW + timedelta(days=2), typed_answer=f"  {WRONG} ", verdict="wrong")
    monkeypatch.setenv("QUIZZER_DB", any_db_url)
    monkeypatch.setenv("QUIZZER_PROFILE", "cy")  # restored after the test, whatever --profile sets
    return any_db_url


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_class_view_names_the_most_missed_note_and_who_is_behind(classroom: str) -> None:
    document = json.loads(run("stats", "--class", "--json"))
    assert document["learners"] == 4  # the three, and the database's first profile (the local user's)
    first = document["notes"][0]
    assert (first["deck"], first["note"], first["learners"], first["studied_by"], first["lapsed_by"]) == (
        "d",
        "n1",
        3,
        3,
        2,
    )
    assert (first["again"], first["reviews"], first["retained"], first["wrong"], first["distinct_wrong"]) == (
        2,
        3,
        1,
        3,
        2,
    )
    assert first["retention"] == pytest.approx(1 / 3) and first["lapse_rate"] == pytest.approx(2 / 3)
    assert "wrong_answers" not in first  # typed answers stay with their learners unless asked for
    assert WRONG not in json.dumps(document)
    behind = document["behind"]
    assert behind and behind[0]["profile"] == "bob" and behind[0]["overdue"] >= 2


def test_wrong_answers_are_shown_grouped_only_when_asked_and_never_with_names(classroom: str) -> None:
    text = run("stats", "--class")
    assert "d/n1: 3/3 learners studied it" in text and WRONG not in text
    shown = run("stats", "--class", "--show-answers")
    answers = [line.strip() for line in shown.splitlines() if line.startswith("    ")]
    assert answers[:2] == [f"2x {WRONG}", "1x 3"]  # grouped with whitespace collapsed, most frequent first
    assert not any(name in line for line in answers for name in ("ada", "bob", "cy"))
    document = json.loads(run("stats", "--class", "--json", "--show-answers"))
    assert document["notes"][0]["wrong_answers"][0] == {"text": WRONG, "count": 2}


def test_profiles_and_the_profile_option(classroom: str) -> None:
    listed = run("profiles")
    rows = [line.split() for line in listed.splitlines()]
    assert ["*", "cy", "3", "cards,", "6", "reviews"] in rows and ["bob", "3", "cards,", "4", "reviews"] in rows
    assert json.loads(run("stats", "--json"))["total_reviews"] == 6  # $QUIZZER_PROFILE: cy
    assert json.loads(run("--profile", "bob", "stats", "--json"))["total_reviews"] == 4
    names = [p.name for p in ClassService(classroom).profiles()]
    assert "nobody" not in names  # listing creates no profile


def test_a_profile_name_that_cannot_be_stored_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["--profile", "x" * 101, "stats"])
    assert result.exit_code == 2 and "--profile" in result.output and "100" in result.output


def test_a_password_in_db_is_warned_about_and_never_printed(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZZER_DB", "restored after the test")
    url = f"postgresql+psycopg://ada:hunter2@/course?host={tmp_path}"  # no server listens there
    result = CliRunner().invoke(app, ["--db", url, "profiles"])
    assert result.exit_code == 4, result.output
    assert "warning: --db holds a password" in result.stderr and "hunter2" not in result.output
    assert "cannot open the database postgresql+psycopg://ada:***@/course" in result.stderr


def test_locate_db_hides_a_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZZER_DB", "postgresql+psycopg://ada:hunter2@db.example/course")
    assert run("locate", "db").strip() == "postgresql+psycopg://ada:***@db.example/course"
