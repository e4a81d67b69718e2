"""The choice kind: numbers or option texts; the truth as an index or an option's text."""

from __future__ import annotations

import pytest

from quizzer.grading import Judging, Kind, VerdictStatus, grade, render_truth
from testsupport.builders import dtype, number, raised, text

OPTIONS = ["float32", "float64", "It raises a RuntimeError"]


@pytest.mark.parametrize("truth", [number(2), text("float64"), dtype("float64")])
@pytest.mark.parametrize("typed", ["2", " 2. ", "(2)", "#2", "option 2", "float64", "FLOAT64", "'float64'"])
def test_right_answers(truth: object, typed: str) -> None:
    verdict = grade(Kind.CHOICE, typed, truth, choices=OPTIONS)  # type: ignore[arg-type]
    assert (verdict.status, verdict.answer, verdict.truth_text) == (VerdictStatus.CORRECT, "2", "2")


def test_wrong_answer_names_both_options() -> None:
    verdict = grade(Kind.CHOICE, "1", number(2), choices=OPTIONS)
    assert verdict.explanation == "you chose 1: float32; the answer is 2: float64"


def test_an_exception_truth_picks_the_option_naming_it() -> None:
    boom = raised("RuntimeError", "boom")
    assert render_truth(Kind.CHOICE, boom, choices=OPTIONS) == "3"
    assert grade(Kind.CHOICE, "3", boom, choices=OPTIONS).status is VerdictStatus.CORRECT
    assert grade(Kind.CHOICE, "1", boom, choices=OPTIONS).status is VerdictStatus.WRONG
    assert grade(Kind.CHOICE, "RuntimeError", boom, choices=OPTIONS).status is VerdictStatus.CORRECT
    other = raised("IndexError", "oops", ("LookupError", "Exception", "BaseException", "object"))
    explanation = "it raises IndexError; you chose option 1 (message: oops)"
    assert grade(Kind.CHOICE, "1", other, choices=OPTIONS).explanation == explanation


def test_option_text_matches_ignoring_spacing_unless_the_question_says_not() -> None:
    shapes = ["(2,3)", "(3, 2)"]
    assert grade(Kind.CHOICE, "( 2, 3 )", number(1), choices=shapes).status is VerdictStatus.CORRECT
    strict = grade(Kind.CHOICE, "( 2, 3 )", number(1), choices=shapes, judging=Judging(whitespace=False))
    assert strict.status is VerdictStatus.UNPARSED


def test_a_typed_number_is_always_an_option_number() -> None:
    options = ["2", "1"]
    assert grade(Kind.CHOICE, "1", text("2"), choices=options).status is VerdictStatus.CORRECT


@pytest.mark.parametrize("typed", ["0", "4", "float16", "two"])
def test_unreadable_choices(typed: str) -> None:
    verdict = grade(Kind.CHOICE, typed, number(1), choices=OPTIONS)
    assert verdict.status is VerdictStatus.UNPARSED
    assert "1 to 3" in verdict.explanation


def test_truths_that_fit_no_option_are_errors() -> None:
    assert grade(Kind.CHOICE, "1", number(7), choices=OPTIONS).status is VerdictStatus.ERROR
    assert grade(Kind.CHOICE, "1", text("int8"), choices=OPTIONS).status is VerdictStatus.ERROR
    assert grade(Kind.CHOICE, "1", number(1)).status is VerdictStatus.ERROR
