"""Typed expressions: which ones a worker evaluates, and how their values are judged (no worker here)."""

from __future__ import annotations

import pytest

from quizzer.grading import Judging, Kind, VerdictStatus
from quizzer.grading.evaluated import as_typed, expression_to_evaluate, grade_evaluated
from testsupport.builders import number, raised, shape, tensor


@pytest.mark.parametrize(
    ("kind", "typed", "evaluated"),
    [
        (Kind.SHAPE, "torch.zeros(2, 3).shape", True),
        (Kind.FLOAT, "math.log(2)", True),
        (Kind.TENSOR, "torch.tensor([1, 2]) * 2", True),
        (Kind.VALUE, "np.array([1, 2]).tolist()", True),
        (Kind.SHAPE, "(2, 3)", False),  # a literal: read at once
        (Kind.FLOAT, "1/(1-0.75)", False),  # arithmetic: read at once
        (Kind.FLOAT, "RuntimeError", False),  # an exception name
        (Kind.VALUE, "AccumulateGrad", False),  # a bare name computes nothing
        (Kind.STR, "torch.Size", False),  # text kinds read any text
        (Kind.CHOICE, "torch.cat", False),
        (Kind.CODE, "x[0]", False),
        (Kind.FLOAT, "x +", False),  # not Python
    ],
)
def test_which_answers_a_worker_evaluates(kind: Kind, typed: str, evaluated: bool) -> None:
    from quizzer.grading import readable

    readable_now = readable(kind, typed, choices=["torch.cat", "torch.stack"] if kind is Kind.CHOICE else None)
    assert (expression_to_evaluate(kind, typed, readable_now=readable_now) is not None) is evaluated


def test_a_computed_float_carries_no_typed_precision() -> None:
    four = number(4.0)
    assert four.value is not None
    assert as_typed(four.value) == "4.00000000000000000e+00"
    verdict = grade_evaluated(Kind.FLOAT, "math.floor(4.5) * 1.0", four, number(4.04))
    assert (verdict.status, verdict.answer, verdict.note) == (
        VerdictStatus.WRONG, "math.floor(4.5) * 1.0", "read as 4.0",
    )  # fmt: skip


def test_an_evaluated_tensor_keeps_its_dtype() -> None:
    floats = tensor([2.0, 2.0, 2.0], "float32")
    ints = tensor([2, 2, 2], "int64")
    verdict = grade_evaluated(Kind.TENSOR, "torch.ones(3) * 2", floats, ints, judging=Judging(dtype=True))
    assert verdict.status is VerdictStatus.WRONG and "float32" in verdict.explanation
    assert grade_evaluated(Kind.TENSOR, "torch.full((3,), 2)", ints, ints).status is VerdictStatus.CORRECT


def test_an_expression_that_raises_or_names_the_questions_variables_is_unparsed() -> None:
    undefined = grade_evaluated(Kind.SHAPE, "h_n.shape", raised("NameError", "name 'h_n' is not defined"), shape(2))
    assert undefined.status is VerdictStatus.UNPARSED
    assert undefined.explanation.startswith(
        "name 'h_n' is not defined: answers are evaluated with torch, numpy (np) and math only"
    )
    broken = grade_evaluated(
        Kind.SHAPE, "torch.ones(2).view(3)", raised("RuntimeError", "shape '[3]' is invalid"), shape(2)
    )
    assert broken.status is VerdictStatus.UNPARSED and broken.explanation.startswith(
        "evaluating it raised RuntimeError"
    )
