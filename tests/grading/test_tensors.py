"""The tensor kind: forms, tolerances, dtype, truncated truths, explanations, rendering."""

from __future__ import annotations

import math

import pytest

from quizzer.grading import Judging, Kind, VerdictStatus, grade, render_truth
from testsupport.builders import number, tensor

INTS = tensor([[1, 2], [3, 4]], "int64")


@pytest.mark.parametrize(
    "typed",
    [
        "tensor([[1, 2], [3, 4]])",
        "tensor([[1, 2],\n        [3, 4]])",
        "[[1,2],[3,4]]",
        "((1, 2), (3, 4))",
        "torch.tensor([[1, 2], [3, 4]])",
        "tensor([[1, 2], [3, 4]], device='cuda:0')",
        "tensor([[1., 2.], [3., 4.]], requires_grad=True)",
        "tensor([[1., 2.], [3., 4.]], grad_fn=<AddBackward0>)",
        "Parameter containing:\ntensor([[1., 2.], [3., 4.]], requires_grad=True)",
        "tensor([[1, 2], [3, 4]], dtype=torch.int32)",
    ],
)
def test_forms(typed: str) -> None:
    assert grade(Kind.TENSOR, typed, INTS).status is VerdictStatus.CORRECT


def test_nan_inf_and_bools_inside() -> None:
    truth = tensor([math.nan, math.inf, -math.inf, 0.5])
    assert grade(Kind.TENSOR, "tensor([   nan,    inf,   -inf, 0.5000])", truth).status is VerdictStatus.CORRECT
    assert grade(Kind.TENSOR, "[nan, inf, -inf, 0.5]", truth).status is VerdictStatus.CORRECT
    assert grade(Kind.TENSOR, "[0, inf, -inf, 0.5]", truth).status is VerdictStatus.WRONG
    assert grade(Kind.TENSOR, "tensor([ True, False])", tensor([True, False], "bool")).status is VerdictStatus.CORRECT


def test_zero_d_and_empty() -> None:
    assert grade(Kind.TENSOR, "tensor(3.5000)", tensor(3.5)).status is VerdictStatus.CORRECT
    assert grade(Kind.TENSOR, "3.5", tensor(3.5)).status is VerdictStatus.CORRECT
    assert grade(Kind.TENSOR, "[3.5]", tensor(3.5)).explanation == "you gave shape (1,); the truth has shape ()"
    empty = tensor([], "float32", (0, 3))
    assert grade(Kind.TENSOR, "tensor([], size=(0, 3))", empty).status is VerdictStatus.CORRECT
    assert grade(Kind.TENSOR, "[]", empty).explanation == "you gave shape (0,); the truth has shape (0, 3)"
    assert render_truth(Kind.TENSOR, empty) == "tensor([], size=(0, 3))"


def test_printed_precision_sets_the_tolerance() -> None:
    truth = tensor([0.3333333432674408, 0.6666666865348816])
    assert grade(Kind.TENSOR, "tensor([0.3333, 0.6667])", truth).status is VerdictStatus.CORRECT
    assert grade(Kind.TENSOR, "[0.33, 0.66]", truth).status is VerdictStatus.CORRECT
    assert grade(Kind.TENSOR, "[0.3334, 0.6667]", truth).explanation == (
        "1 value differs, at [0]: 0.3334 vs 0.33333334"
    )
    scientific = tensor([123456792.0, 1.0])
    assert grade(Kind.TENSOR, "tensor([1.2346e+08, 1.0000e+00])", scientific).status is VerdictStatus.CORRECT
    assert grade(Kind.TENSOR, "tensor([1.2347e+08, 1.0000e+00])", scientific).status is VerdictStatus.WRONG


@pytest.mark.parametrize(
    ("dtype", "typed", "right"),
    [
        ("float16", "[1.0009]", True), ("float16", "[1.002]", False),
        ("bfloat16", "[1.015]", True), ("bfloat16", "[1.02]", False),
        ("float32", "[1.000001]", True), ("float32", "[1.0001]", False),
        ("float64", "[1.00000001]", True), ("float64", "[1.000001]", False),
        ("complex64", "[1.000001+0j]", True), ("complex64", "[1+0.001j]", False),
        ("int64", "[1]", True), ("int64", "[1.0]", True), ("int64", "[1.0000001]", False),
    ],
)  # fmt: skip
def test_assert_close_tolerances_per_dtype(dtype: str, typed: str, right: bool) -> None:
    one = [complex(1, 0)] if dtype.startswith("complex") else [1]
    truth = tensor([[1.0, 0.0]] if dtype.startswith("complex") else one, dtype, (1,))
    assert (grade(Kind.TENSOR, typed, truth).status is VerdictStatus.CORRECT) is right


def test_explanations() -> None:
    assert grade(Kind.TENSOR, "[[1, 2, 3], [4, 5, 6]]", tensor([[1, 2], [3, 4], [5, 6]], "int64")).explanation == (
        "you gave shape (2, 3); the truth has shape (3, 2)"
    )
    verdict = grade(Kind.TENSOR, "[1, 4, 4, 4]", tensor([1, 3, 3, 3], "int64"))
    assert verdict.explanation == "3 values differ, first at [1]: 4 vs 3"
    assert grade(Kind.TENSOR, "[[1, 2], [3, 5]]", INTS).explanation == "1 value differs, at [1, 1]: 5 vs 4"
    assert grade(Kind.TENSOR, "4", tensor(3, "int64", ())).explanation == "you gave 4; the truth is 3"


def test_dtype_counts_only_when_asked() -> None:
    floats = tensor([1.0, 2.0], "float32")
    assert grade(Kind.TENSOR, "[1, 2]", floats).status is VerdictStatus.CORRECT
    wrong = grade(Kind.TENSOR, "[1, 2]", floats, judging=Judging(dtype=True))
    assert (wrong.status, wrong.explanation) == (
        VerdictStatus.WRONG, "your dtype is int64 (as torch reads what you typed); the truth's is float32",
    )  # fmt: skip
    assert grade(Kind.TENSOR, "[1., 2.]", floats, judging=Judging(dtype=True)).status is VerdictStatus.CORRECT
    typed = grade(Kind.TENSOR, "tensor([1, 2], dtype=torch.float64)", floats)
    assert (typed.status, typed.note) == (VerdictStatus.CORRECT, "dtype not checked: the truth is float32")
    doubles = tensor([1.0, 2.0], "float64")
    assert grade(Kind.TENSOR, "tensor([1., 2.], dtype=torch.float64)", doubles, judging=Judging(dtype=True)).status is (
        VerdictStatus.CORRECT
    )
    assert grade(Kind.TENSOR, "tensor([1., 2.], dtype='double')", doubles, judging=Judging(dtype=True)).status is (
        VerdictStatus.CORRECT
    )


def test_truncated_truth_is_an_error() -> None:
    verdict = grade(Kind.TENSOR, "[0, 1]", tensor(None, "float32", (100, 100), truncated=True))
    assert verdict.status is VerdictStatus.ERROR
    assert "10000 elements" in verdict.explanation
    assert render_truth(Kind.TENSOR, tensor(None, "float32", (100, 100), truncated=True)) is None


@pytest.mark.parametrize(
    "typed",
    ["[[1, 2], [3]]", "tensor([0.0000, ..., 1.0000])", "[1, 'a']", "tensor([1.]).exp()", "__import__('os')",
     "tensor([1.], dtype=torch.float128)", "tensor([1], size=(2,))", "[[1, 2], 3]"],
)  # fmt: skip
def test_unreadable_tensors(typed: str) -> None:
    assert grade(Kind.TENSOR, typed, INTS).status is VerdictStatus.UNPARSED


def test_a_non_tensor_truth_is_an_error() -> None:
    verdict = grade(Kind.TENSOR, "3", number(3))
    assert verdict.status is VerdictStatus.ERROR
    assert "not a tensor" in verdict.explanation


def test_values_that_do_not_fit_the_shape_are_an_error() -> None:
    verdict = grade(Kind.TENSOR, "[1, 2]", tensor([1.0, 2.0], shape_=(3,)))
    assert (verdict.status, verdict.explanation) == (
        VerdictStatus.ERROR, "the tensor's values do not have its shape (3,)",
    )  # fmt: skip


def test_rendering() -> None:
    assert render_truth(Kind.TENSOR, INTS) == "[[1, 2], [3, 4]]"
    assert render_truth(Kind.TENSOR, tensor([1.0, 2.5])) == "[1.0, 2.5]"
    assert render_truth(Kind.TENSOR, tensor([1.0, 2.5], "float64")) == "tensor([1.0, 2.5], dtype=torch.float64)"
    assert render_truth(Kind.TENSOR, tensor([True], "bool")) == "[True]"
    assert render_truth(Kind.TENSOR, tensor([[1.0, -2.0]], "complex64", (1,))) == "[(1.0-2.0j)]"
    assert render_truth(Kind.TENSOR, tensor(math.nan)) == "nan"


def test_whole_floats_render_without_exponents() -> None:
    assert render_truth(Kind.TENSOR, tensor([10.0, 10.0], "float32")) == "[10.0, 10.0]"
    assert render_truth(Kind.TENSOR, tensor([100.0], "float16")) == "tensor([100.0], dtype=torch.float16)"
