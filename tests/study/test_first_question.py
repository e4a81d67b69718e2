"""The first question of a first review, guessed from the deck cache, is the one the session then asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzer.decks.loader import load_decks
from quizzer.engine import WorkerPool
from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import Settings
from quizzer.study.first_question import first_question
from quizzer.study.judge import Judge
from quizzer.study.opener import Services
from quizzer.study.session import StudySession
from quizzer.study.steps import Ask
from tests.conftest import REPO

STUDY = REPO / "tests" / "tui" / "study.yaml"
FIXTURE = REPO / "tests" / "study" / "fixture.yaml"
PARAMETRIC = """\
deck: params
title: Parametric
prelude: import torch
notes:
  - id: zeros
    title: Zeros
    tags: [drawn]
    questions:
      - id: shape
        ask: What is torch.zeros({n}, {m}).shape?
        params: {n: [2, 3, 4, 5, 6], m: [1, 7, 8]}
        answer: torch.zeros(n, m).shape
        kind: shape
        rule: (n, m)
"""


@pytest.mark.parametrize(
    ("files", "deck_ids", "tags"),
    [
        ([STUDY], ["study"], None),
        ([STUDY], None, ["ops", "memory"]),
        ([FIXTURE, STUDY], None, ["outdated"]),
        ([FIXTURE, STUDY], ["grading-fixture", "study"], None),
        (["params"], None, ["drawn"]),  # the guess draws the instance the session draws
    ],
)
def test_the_guess_is_the_sessions_first_question(
    files: list[Path | str], deck_ids: list[str] | None, tags: list[str] | None, tmp_path: Path, pool: WorkerPool
) -> None:
    if files == ["params"]:
        (tmp_path / "params.yaml").write_text(PARAMETRIC)
        files = [tmp_path / "params.yaml"]
    url = f"sqlite:///{tmp_path / 'quizzer.sqlite3'}"
    assert first_question(url, files, deck_ids, tags) is None  # the decks were never read: no guess
    decks = load_decks(files)  # fills the deck cache
    guess = first_question(url, files, deck_ids, tags)
    assert guess is not None and guess.left is None and guess.hint == ""
    assert "{" not in guess.prompt
    with ReviewService(url, Settings(timezone="UTC")) as service:
        step = StudySession(Services(decks, service, Judge(pool)), deck_ids=deck_ids, tags=tags).open()
        assert isinstance(step, Ask)
        assert guess.same_question(step.shown), (guess, step.shown)
    assert first_question(url, files, deck_ids, tags) is None  # the database exists now: the session decides


def test_no_guess_for_a_deck_with_problems_or_another_database(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("deck: broken\ntitle: Broken\nnotes: []\n")
    load_decks([STUDY])
    url = f"sqlite:///{tmp_path / 'quizzer.sqlite3'}"
    assert first_question(url, [STUDY], None, ["ops"]) is not None
    assert first_question(url, [STUDY, broken], None, ["ops"]) is None
    assert first_question("postgresql://host/quizzer", [STUDY], None, ["ops"]) is None
