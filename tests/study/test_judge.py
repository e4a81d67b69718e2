"""Judging typed answers against live truths, code answers included, on the shared pool."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzer.decks.loader import load_deck
from quizzer.engine import WorkerPool
from quizzer.grading import VerdictStatus
from quizzer.study.judge import Judge, find_question, instance_for
from tests.conftest import REPO

BEHAVIOURS = load_deck(REPO / "tests" / "checking" / "decks" / "behaviours.yaml")
PITFALLS = load_deck(REPO / "tests" / "study" / "fixture.yaml")


def ref(question_id: str):
    found = find_question([BEHAVIOURS, PITFALLS], question_id)
    assert found is not None
    return found


def test_find_question_by_id_and_by_earlier_ids(tmp_path: Path) -> None:
    assert ref("grading-fixture/lstm-shapes/hn-shape-any").question.id == "hn-shape-any"
    deck = load_deck(REPO / "tests" / "decks" / "valid" / "every-field.yaml")
    assert find_question([deck], "every-field/shapes/old-hn-shape").question.id == "hn-shape"
    assert find_question([deck], "every-field/shapes/nope") is None


@pytest.mark.parametrize(
    ("question_id", "answer", "status", "explanation"),
    [
        ("grading-fixture/lstm-shapes/hn-shape-batch-first", "2, 3, 20", VerdictStatus.CORRECT, ""),
        ("grading-fixture/lstm-shapes/hn-shape-batch-first", "(3, 2, 20)", VerdictStatus.WRONG, "dims 0 and 1 swapped"),
        ("grading-fixture/lstm-shapes/hn-shape-batch-first", "three", VerdictStatus.UNPARSED, "a shape, e.g."),
        ("grading-fixture/triu-diagonal/dim-keyword", "ValueError", VerdictStatus.WRONG, "it raises TypeError"),
        ("grading-fixture/lstm-shapes/hn-shape-batch-first", "torch.Size([2, 3, 4 * 5])", VerdictStatus.CORRECT, ""),
        ("grading-fixture/lstm-shapes/hn-shape-batch-first", "torch.zeros(2, 3, 20).shape", VerdictStatus.CORRECT, ""),
        ("grading-fixture/lstm-shapes/hn-shape-batch-first", "h_n.shape", VerdictStatus.UNPARSED, "torch, numpy"),
        ("grading-fixture/lstm-shapes/hn-shape-batch-first", "torch.ones(2).view(3)", VerdictStatus.UNPARSED, "raised"),
        ("behaviours/n/code-right", "x[-1:]", VerdictStatus.CORRECT, ""),
        ("behaviours/n/code-right", "x[-1]", VerdictStatus.WRONG, "yours (1, 4), truth (1, 1, 4)"),
        ("behaviours/n/code-right", "y = x[-1:]", VerdictStatus.UNPARSED, "statement"),
        ("behaviours/n/code-right", "x[-1:] + undefined", VerdictStatus.WRONG, "NameError"),
        ("behaviours/n/recall-it", "page-locked memory", VerdictStatus.SELF_GRADED, ""),
    ],
)
def test_judge(pool: WorkerPool, question_id: str, answer: str, status: VerdictStatus, explanation: str) -> None:
    judgement = Judge(pool, 5).judge(ref(question_id), answer)
    assert judgement.verdict.status is status, judgement.verdict
    assert explanation in judgement.verdict.explanation


def test_an_evaluated_answer_keeps_what_was_typed_and_says_how_it_was_read(pool: WorkerPool) -> None:
    typed = "torch.zeros(2, 3, 20).shape"
    judgement = Judge(pool, 5).judge(ref("grading-fixture/lstm-shapes/hn-shape-batch-first"), typed)
    assert (judgement.verdict.answer, judgement.verdict.note) == (typed, "read as torch.Size([2, 3, 20])")


def test_a_known_truth_still_evaluates_an_expression(pool: WorkerPool) -> None:
    judge, question = Judge(pool, 5), ref("grading-fixture/lstm-shapes/hn-shape-batch-first")
    truth = judge.truth(question)
    judgement = judge.judge(question, "torch.randn(2, 3, 20).shape", known_truth=truth)
    assert judgement.verdict.status is VerdictStatus.CORRECT


def test_code_answers_run_on_the_shown_instance_and_at_least_two_others(pool: WorkerPool) -> None:
    literal = Judge(pool, 5).judge(ref("behaviours/n/code-right"), "torch.zeros(1, 1, 4)", seed=3)
    shown = instance_for(ref("behaviours/n/code-right"), 3)
    assert literal.trials[0] == shown and len(literal.trials) >= 3
    assert literal.verdict.status is VerdictStatus.WRONG
    assert "(another instance, not the one shown)" in literal.verdict.explanation


def test_code_answers_run_on_every_trial_instance(pool: WorkerPool) -> None:
    judgement = Judge(pool, 5).judge(ref("behaviours/n/code-right"), "x[-1:]")
    assert len(judgement.trials) == 4 and {tuple(t.values()) for t in judgement.trials} == {
        (2, 1),
        (2, 3),
        (5, 1),
        (5, 3),
    }


def test_parametric_truth_follows_the_seeded_instance(pool: WorkerPool) -> None:
    question = ref("grading-fixture/lstm-shapes/hn-shape-any")
    judge = Judge(pool, 5)
    for seed in (0, 1, 2):
        params = instance_for(question, seed)
        truth = judge.truth(question, seed)
        directions = 2 if params["bi"] else 1
        assert truth is not None and truth.value.data == [params["L"] * directions, params["b"], params["h"]]
        assert str(params["b"]) in question.prompt(params)


def test_judge_many_keeps_input_order(pool: WorkerPool) -> None:
    items = [
        (ref("grading-fixture/comparisons-return-bool/ne-dtype"), answer, 0)
        for answer in ("bool", "uint8", "torch.bool")
    ]
    statuses = [j.verdict.status for j in Judge(pool, 5).judge_many(items)]
    assert statuses == [VerdictStatus.CORRECT, VerdictStatus.WRONG, VerdictStatus.CORRECT]
