"""The code kind: parsing without running, and grading trial outcomes."""

from __future__ import annotations

import pytest

from quizzer.grading import CodeTrial, Verdict, VerdictStatus, grade_code, parse_code
from quizzer.outcome import Status
from testsupport.builders import failed, literal, number, raised, shape, tensor


@pytest.mark.parametrize("typed", ["x[:, -1:]", " x.view(2, -1) ", "(y := x)", "torch.stack([a, b])", "lambda: 1"])
def test_expressions_parse(typed: str) -> None:
    assert parse_code(typed) == typed.strip()


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("x = 1", "a statement, not an expression"),
        ("import os", "a statement, not an expression"),
        ("x[:, -1:", "not Python"),
        ("", "type an expression"),
        ("x\x00", "not"),
        ("(" * 500, "not Python"),
    ],
)
def test_non_expressions_are_unparsed(typed: str, problem: str) -> None:
    verdict = parse_code(typed)
    assert isinstance(verdict, Verdict)
    assert verdict.status is VerdictStatus.UNPARSED
    assert verdict.explanation.startswith(problem)
    assert "x[:, -1:]" in verdict.explanation


def _trial(params: dict[str, object], learner: object, reference: object) -> CodeTrial:
    return CodeTrial(params, learner, reference)  # type: ignore[arg-type]


def _zeros(*dims: int) -> object:
    values: object = 0.0
    for dim in reversed(dims):
        values = [values] * dim
    return tensor(values, shape_=dims)


def test_malformed_tensor_data_is_an_error() -> None:
    bad = tensor([1.0, 2.0], shape_=(3,))
    assert grade_code([_trial({}, bad, bad)]).status is VerdictStatus.ERROR


def test_all_instances_match() -> None:
    trials = [_trial({"n": n}, tensor([1.0] * n), tensor([1.0] * n)) for n in (1, 2, 3)]
    verdict = grade_code(trials, answer="x[:n]")
    assert (verdict.status, verdict.note, verdict.answer, verdict.kind) == (
        VerdictStatus.CORRECT, "matches on 3 instances", "x[:n]", "code",
    )  # fmt: skip


def test_the_smallest_failing_instance_is_shown() -> None:
    trials = [
        _trial({"L": 3, "b": 5}, _zeros(3, 5), _zeros(3, 1, 5)),
        _trial({"L": 2, "b": 3}, _zeros(2, 3), _zeros(2, 1, 3)),
        _trial({"L": 1, "b": 1}, _zeros(1, 1, 1), _zeros(1, 1, 1)),
    ]
    verdict = grade_code(trials)
    assert verdict.status is VerdictStatus.WRONG
    assert verdict.explanation == "wrong on 2 of 3 instances; for L=2, b=3: yours (2, 3), truth (2, 1, 3)"


@pytest.mark.parametrize(
    ("learner", "reference", "explanation"),
    [
        (tensor([1, 2], "int64"), tensor([1.0, 2.0]), "yours is int64, truth float32"),
        (tensor([1.0, 2.5]), tensor([1.0, 2.0]), "1 value differs, at [1]: 2.5 vs 2.0"),
        (
            raised("IndexError", "index 3 is out of bounds"),
            tensor([1.0]),
            "yours raises IndexError: index 3 is out of bounds",
        ),
        (tensor([1.0]), raised("RuntimeError", "boom"), "yours gives tensor(...), truth raises RuntimeError"),
        (raised("IndexError", "x"), raised("RuntimeError", "y"), "yours raises IndexError, truth raises RuntimeError"),
        (failed(Status.TIMEOUT, "ran past 5 s"), tensor([1.0]), "yours did not finish: timeout: ran past 5 s"),
        (number(3), number(3.0), "yours is an int 3, truth a float 3.0"),
        (number(3.5), number(3.0), "yours 3.5, truth 3.0"),
        (shape(2, 3), shape(3, 2), "yours (2, 3), truth (3, 2)"),
        (literal([1, 2]), literal((1, 2)), "you gave a list; the truth is a tuple"),
        (tensor([1.0]), shape(1), "yours is a tensor (1,), truth a Size torch.Size([1])"),
    ],
)
def test_single_instance_explanations(learner: object, reference: object, explanation: str) -> None:
    verdict = grade_code([_trial({}, learner, reference)])
    assert (verdict.status, verdict.explanation) == (VerdictStatus.WRONG, explanation)


def test_matching_exceptions_and_values() -> None:
    same = [
        _trial({}, raised("IndexError", "a"), raised("IndexError", "b")),
        _trial({}, tensor([float("nan")]), tensor([float("nan")])),
        _trial({}, literal({"a": [1, 2.0]}), literal({"a": [1, 2]})),
        _trial({}, number(0.1 + 0.2), number(0.3)),
    ]
    assert grade_code(same).status is VerdictStatus.CORRECT


def test_plain_triples_are_trials() -> None:
    assert grade_code([({"n": 1}, number(1), number(1))]).status is VerdictStatus.CORRECT


def test_no_reference_is_an_error() -> None:
    assert grade_code([]).status is VerdictStatus.ERROR
    crashed = grade_code([_trial({}, number(1), failed(Status.CRASHED, "SIGSEGV"))])
    assert (crashed.status, crashed.explanation) == (VerdictStatus.ERROR, "the reference did not run: crashed: SIGSEGV")


def test_the_failing_instance_says_whether_it_is_the_one_shown() -> None:
    shown = ({"n": 3}, 0)
    other = grade_code(
        [({"n": 3}, number(3), number(3), 0), ({"n": 5}, number(3), number(5), 0)], answer="3", shown=shown
    )
    assert (
        other.explanation
        == "wrong on 1 of 2 instances; for n=5 (another instance, not the one shown): yours 3, truth 5"
    )
    assert other.truth_text == "5 (for n=5, not the instance shown)"
    same = grade_code([({"n": 3}, number(4), number(3), 0)], answer="4", shown=shown)
    assert same.explanation == "for n=3 (the instance shown): yours 4, truth 3"
    reseeded = grade_code(
        [({"n": 3}, number(3), number(3), 0), ({"n": 3}, number(3), number(4), 1)], answer="3", shown=shown
    )
    assert "for n=3, seed 1 (another instance, not the one shown)" in reseeded.explanation
