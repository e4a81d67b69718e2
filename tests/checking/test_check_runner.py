"""`run_check` on fixture decks: every behaviour of check, on one shared worker pool."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzer.checking.results import CheckStatus, QuestionResult
from quizzer.checking.runner import CheckOptions, run_check, selected
from quizzer.decks.loader import load_deck
from quizzer.decks.model import Deck
from quizzer.engine import WorkerPool

DECKS = Path(__file__).parent / "decks"


@pytest.fixture(scope="module")
def behaviours(pool: WorkerPool) -> dict[str, QuestionResult]:
    results = run_check([load_deck(DECKS / "behaviours.yaml")], pool, CheckOptions(timeout_s=5))
    return {result.id.rsplit("/", 1)[1]: result for result in results}


def test_results_come_in_deck_order(behaviours: dict[str, QuestionResult]) -> None:
    lines = [result.line for result in behaviours.values()]
    assert lines == sorted(lines) and len(lines) == 16


@pytest.mark.parametrize(
    ("question", "status", "message"),
    [
        ("right", CheckStatus.PASSED, ""),
        ("wrong-expect", CheckStatus.FAILED, "expect '(3, 2)' is wrong: dims 0 and 1 swapped"),
        ("missing-expect", CheckStatus.FAILED, "no expect recorded"),
        ("good-rule", CheckStatus.PASSED, ""),
        ("bad-rule", CheckStatus.FAILED, "rule gives (1, 4) but torch gives torch.Size([4, 1]) for a=1, b=4"),
        ("broken-rule", CheckStatus.ERROR, "the rule did not give a value for a=1: ZeroDivisionError"),
        ("nondeterministic", CheckStatus.FAILED, "nondeterministic: run 1 gave"),
        ("seeded-random", CheckStatus.PASSED, ""),
        ("raises-as-expected", CheckStatus.PASSED, ""),
        ("cuda-only", CheckStatus.SKIPPED, "requires device cuda (running on cpu)"),
        ("old-torch-only", CheckStatus.SKIPPED, "requires torch<2.0"),
        ("per-device", CheckStatus.PASSED, ""),
        ("code-right", CheckStatus.PASSED, ""),
        ("code-wrong", CheckStatus.FAILED, "for t=2, b=1: yours (1, 4), truth (1, 1, 4)"),
        ("recall-it", CheckStatus.PASSED, "recall: nothing to run"),
        ("setup-raises", CheckStatus.FAILED, "it raises NameError"),
    ],
)
def test_each_behaviour(
    behaviours: dict[str, QuestionResult], question: str, status: CheckStatus, message: str
) -> None:
    result = behaviours[question]
    assert result.status is status, result.message
    assert message in result.message


def test_an_expect_the_grader_cannot_read_fails_the_question(pool: WorkerPool) -> None:
    # lint refuses such a deck before anything runs; a deck built in code still gets a clear failure
    deck = Deck.model_validate(
        {
            "deck": "d",
            "title": "D",
            "prelude": "import torch",
            "notes": [
                {
                    "id": "n",
                    "title": "N",
                    "questions": [
                        {"id": "q", "ask": "?", "answer": "torch.arange(3).dtype", "kind": "dtype", "expect": "floaty"}
                    ],
                }
            ],
        }
    )
    [result] = run_check([deck], pool, CheckOptions(timeout_s=5))
    assert result.status is CheckStatus.FAILED and "expect 'floaty' is unparsed" in result.message


def test_parametric_questions_run_every_instance(behaviours: dict[str, QuestionResult]) -> None:
    assert behaviours["good-rule"].instances == 6 and behaviours["code-right"].instances == 4


def test_fix_candidates_carry_the_rendered_truth(behaviours: dict[str, QuestionResult]) -> None:
    wrong, missing = behaviours["wrong-expect"], behaviours["missing-expect"]
    assert wrong.edit is not None and wrong.edit.text == "(2, 3)" and not wrong.missing_expect
    assert missing.edit is not None and missing.edit.text == "int64" and missing.missing_expect
    assert behaviours["code-wrong"].edit is None  # a learner expression cannot be derived from the truth
    assert behaviours["nondeterministic"].edit is None


def test_pattern_selects_by_substring_or_glob(pool: WorkerPool) -> None:
    deck = load_deck(DECKS / "behaviours.yaml")
    results = run_check([deck], pool, CheckOptions(pattern="rule"))
    assert [r.id for r in results] == ["behaviours/n/good-rule", "behaviours/n/bad-rule", "behaviours/n/broken-rule"]
    assert selected("behaviours/n/code-right", "*/code-*") and not selected("behaviours/n/right", "*/code-*")


def test_a_snippet_that_changes_global_state_does_not_change_the_next_truth(pool: WorkerPool, tmp_path: Path) -> None:
    deck_text = """
deck: isolation
title: Isolation
prelude: import torch
notes:
  - id: n
    title: N
    questions:
      - id: a-changes-state
        ask: What does setting float64 as default give?
        setup: |
          torch.set_default_dtype(torch.float64)
          torch.set_grad_enabled(False)
          torch.set_printoptions(precision=1)
        answer: torch.zeros(1).dtype
        kind: dtype
        expect: float64
      - id: b-reads-state
        ask: What is the default dtype, and is grad enabled?
        answer: (torch.zeros(1).dtype, torch.is_grad_enabled(), str(torch.tensor([0.123456])))
        kind: value
        expect: "('torch.float32', True, 'tensor([0.1235])')"
"""
    (tmp_path / "iso.yaml").write_text(deck_text.replace("(torch.zeros(1).dtype,", "(str(torch.zeros(1).dtype),"))
    deck = load_deck(tmp_path / "iso.yaml")
    reordered = deck.model_copy(
        update={"notes": [deck.notes[0].model_copy(update={"questions": deck.notes[0].questions[::-1]})]}
    )
    for order in (deck, reordered):
        results = run_check([order] * 3, pool, CheckOptions())
        assert {r.status for r in results} == {CheckStatus.PASSED}, [r.message for r in results]
