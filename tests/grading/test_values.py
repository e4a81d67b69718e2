"""The value kind: Python literals compared after literal parsing."""

from __future__ import annotations

import math

import pytest

from quizzer.grading import Judging, Kind, VerdictStatus, grade, render_truth
from testsupport.builders import literal, number, shape, tensor, text, value


@pytest.mark.parametrize(
    ("typed", "truth"),
    [
        ("None", value("none", "None")),
        ("[1, (2, 3), None]", literal([1, (2, 3), None])),
        ("{'a': 1, 'b': [1.5]}", literal({"a": 1, "b": [1.5]})),
        ("{'b': [1.5], 'a': 1.0}", literal({"a": 1, "b": [1.5]})),
        ("{1, 2}", literal({2, 1})),
        ("set()", literal(set())),
        ("'text'", text("text")),
        ("[nan, inf]", literal([math.nan, math.inf])),
        ("(2, 3)", shape(2, 3)),
        ("torch.Size([2, 3])", shape(2, 3)),
        ("1+2j", value("complex", "(1+2j)", [1.0, 2.0])),
        ("[0.3333]", literal([1 / 3])),
        ("3", number(3.0)),
    ],
)
def test_equal_literals(typed: str, truth: object) -> None:
    assert grade(Kind.VALUE, typed, truth).status is VerdictStatus.CORRECT  # type: ignore[arg-type]


def test_list_for_tuple_is_right_with_a_note() -> None:
    verdict = grade(Kind.VALUE, "[1, 2]", literal((1, 2)))
    assert (verdict.status, verdict.note) == (VerdictStatus.CORRECT, "the truth is a tuple")
    nested = grade(Kind.VALUE, "[(1, 2)]", literal([[1, 2]]))
    assert (nested.status, nested.note) == (VerdictStatus.CORRECT, "at [0]: the truth is a list")


@pytest.mark.parametrize(
    ("typed", "truth", "explanation"),
    [
        ("(1, 3)", (1, 2), "at [1]: you gave 3; the truth is 2"),
        ("(1, 2, 3)", (1, 2), "you gave 3 items; the truth has 2"),
        ("{'a': 1}", {"a": 1, "b": 2}, "missing key 'b'"),
        ("{'a': 1, 'c': 2}", {"a": 1}, "extra key 'c'"),
        ("{'a': [1, 5]}", {"a": [1, 2]}, "at ['a'][1]: you gave 5; the truth is 2"),
        ("[1]", {"a": 1}, "you gave a list [1]; the truth is a dict {'a': 1}"),
        ("[1, 'x']", [1, "y"], "at [1]: you gave 'x'; the truth is 'y'"),
        ("[True]", [1], "at [0]: you gave True; the truth is an int 1"),
        ("3", None, "you gave an int 3; the truth is None"),
        ("None", [1], "you gave None; the truth is a list [1]"),
    ],
)
def test_differences_are_explained(typed: str, truth: object, explanation: str) -> None:
    verdict = grade(Kind.VALUE, typed, literal(truth))
    assert verdict.status is VerdictStatus.WRONG
    assert verdict.explanation == explanation


@pytest.mark.parametrize("typed", ["idk", "[1, 2", "x + 1", "{**a}", "open('f')", "[...]", "b'x'"])
def test_unreadable_literals(typed: str) -> None:
    assert grade(Kind.VALUE, typed, literal([1])).status is VerdictStatus.UNPARSED


def test_a_name_for_a_value_is_wrong() -> None:
    verdict = grade(Kind.VALUE, "AccumulateGrad", literal([1]))
    assert (verdict.status, verdict.explanation) == (
        VerdictStatus.WRONG, "you gave the name AccumulateGrad, not a value; the truth is [1]",
    )  # fmt: skip


@pytest.mark.parametrize("typed", ["none", "NONE", "None"])
def test_none_in_any_case(typed: str) -> None:
    assert grade(Kind.VALUE, typed, literal(None)).status is VerdictStatus.CORRECT


def test_container_counts_when_the_question_says_so() -> None:
    assert grade(Kind.VALUE, "(1, 2)", literal([1, 2])).status is VerdictStatus.CORRECT
    strict = grade(Kind.VALUE, "(1, 2)", literal([1, 2]), judging=Judging(container=True))
    assert (strict.status, strict.explanation) == (VerdictStatus.WRONG, "you gave a tuple; the truth is a list")


def test_a_tensor_truth_is_an_error() -> None:
    verdict = grade(Kind.VALUE, "[1]", tensor([1], "int64"))
    assert verdict.status is VerdictStatus.ERROR
    assert verdict.explanation.startswith("the truth is a Tensor tensor(...), not a Python literal")


def test_rendering() -> None:
    assert render_truth(Kind.VALUE, literal((1,))) == "(1,)"
    assert render_truth(Kind.VALUE, text("a")) == "'a'"
    assert render_truth(Kind.VALUE, shape(2)) == "(2,)"
    assert render_truth(Kind.VALUE, value("none", "None")) == "None"


def test_a_str_truth_reads_text_without_quotes() -> None:
    assert grade(Kind.VALUE, "cpu", literal("cpu")).status is VerdictStatus.CORRECT
    assert grade(Kind.VALUE, "'cpu'", literal("cpu")).status is VerdictStatus.CORRECT
    assert grade(Kind.VALUE, "cuda", literal("cpu")).status is VerdictStatus.WRONG
