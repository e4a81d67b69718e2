"""The shape kind: accepted forms, explanations, unparsed answers."""

from __future__ import annotations

import pytest

from quizzer.grading import Kind, VerdictStatus, grade, render_truth
from quizzer.grading.shapes import parse_shape
from testsupport.builders import literal, shape


@pytest.mark.parametrize(
    "typed",
    ["(2, 3, 20)", "2,3,20", "[2, 3, 20]", "2x3x20", "2 X 3 x 20", "2 × 3 × 20", "2 3 20", "(2, 3, 20,)",
     "torch.Size([2, 3, 20])", "Size([2,3,20])", "  torch.Size((2, 3, 20))  "],
)  # fmt: skip
def test_forms_of_a_3d_shape(typed: str) -> None:
    verdict = grade(Kind.SHAPE, typed, shape(2, 3, 20))
    assert verdict.status is VerdictStatus.CORRECT
    assert verdict.answer == verdict.truth_text == "(2, 3, 20)"


@pytest.mark.parametrize("typed", ["()", "[]", "torch.Size([])", "scalar"])
def test_forms_of_a_0d_shape(typed: str) -> None:
    assert grade(Kind.SHAPE, typed, shape()).status is VerdictStatus.CORRECT


@pytest.mark.parametrize("typed", ["(5,)", "5", "[5]", "torch.Size([5])"])
def test_forms_of_a_1d_shape(typed: str) -> None:
    assert grade(Kind.SHAPE, typed, shape(5)).status is VerdictStatus.CORRECT


def test_a_tuple_of_ints_is_a_shape_truth() -> None:
    assert grade(Kind.SHAPE, "2x3", literal((2, 3))).status is VerdictStatus.CORRECT


@pytest.mark.parametrize(
    ("typed", "explanation"),
    [
        ("(3, 2, 20)", "dims 0 and 1 swapped"),
        ("(20, 3, 2)", "dims 0 and 2 swapped"),
        ("(3, 20, 2)", "the right sizes in the wrong order"),
        ("(2, 3, 20, 5)", "you gave 4 dims (2, 3, 20, 5); the truth has 3 (2, 3, 20)"),
        ("(2, 3)", "you gave 2 dims (2, 3); the truth has 3 (2, 3, 20)"),
        ("5", "you gave 1 dim (5,); the truth has 3 (2, 3, 20)"),
        ("(2, 1, 3, 20)", "you gave 4 dims (2, 1, 3, 20); the truth has 3 (2, 3, 20) (extra size-1 dim 1)"),
        ("(2, 4, 20)", "dim 1 is 4, truth 3"),
        ("(1, 4, 20)", "dim 0 is 1, truth 2; dim 1 is 4, truth 3"),
    ],
)
def test_wrong_shapes_say_what_differs(typed: str, explanation: str) -> None:
    verdict = grade(Kind.SHAPE, typed, shape(2, 3, 20))
    assert verdict.status is VerdictStatus.WRONG
    assert verdict.explanation == explanation


def test_missing_size_one_dim() -> None:
    explanation = "you gave 2 dims (2, 3); the truth has 3 (2, 1, 3) (missing size-1 dim 1)"
    assert grade(Kind.SHAPE, "(2, 3)", shape(2, 1, 3)).explanation == explanation


@pytest.mark.parametrize("typed", ["(4*20, 10)", "torch.Size([4 * 20, 10])", "[80,10]", "80 x 10"])
def test_dims_written_as_arithmetic(typed: str) -> None:
    assert grade(Kind.SHAPE, typed, shape(80, 10)).status is VerdictStatus.CORRECT


@pytest.mark.parametrize("typed", ["0-dim", "scalar", "()", "torch.Size([])"])
def test_zero_dim_words(typed: str) -> None:
    assert grade(Kind.SHAPE, typed, shape()).status is VerdictStatus.CORRECT


@pytest.mark.parametrize("typed", ["(2, -3)", "(2.5, 3)"])
def test_tuples_that_are_no_shape_are_wrong(typed: str) -> None:
    verdict = grade(Kind.SHAPE, typed, shape(2, 3))
    assert verdict.status is VerdictStatus.WRONG
    assert verdict.explanation.startswith("you gave a tuple")


@pytest.mark.parametrize("typed", ["", "  ", "two by three", "2,,3", "torch.Size(2, 3", "x[0]"])
def test_unreadable_shapes_get_a_hint(typed: str) -> None:
    verdict = grade(Kind.SHAPE, typed, shape(2, 3))
    assert verdict.status is VerdictStatus.UNPARSED
    assert "(2, 3), 2x3" in verdict.explanation


def test_huge_dims_do_not_raise() -> None:
    assert parse_shape("9" * 5000) is None


def test_rendering() -> None:
    assert render_truth(Kind.SHAPE, shape(5)) == "(5,)"
    assert render_truth(Kind.SHAPE, shape()) == "()"
