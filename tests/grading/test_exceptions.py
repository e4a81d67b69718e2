"""Exception answers, for the exception kind and for any kind whose truth is an exception."""

from __future__ import annotations

import pytest

from quizzer.grading import Kind, VerdictStatus, grade, render_truth
from testsupport.builders import number, raised, shape

OOM = raised(
    "OutOfMemoryError",
    "CUDA out of memory. Tried to allocate 2.00 GiB",
    ("RuntimeError", "Exception", "BaseException", "object"),
    "torch.OutOfMemoryError",
)
INDEX = raised("IndexError", "index 3 is out of bounds", ("LookupError", "Exception", "BaseException", "object"))


@pytest.mark.parametrize(
    "typed",
    ["OutOfMemoryError", "torch.OutOfMemoryError", "torch.cuda.OutOfMemoryError", "raises OutOfMemoryError",
     "it raises an OutOfMemoryError", "OutOfMemoryError: CUDA out of memory", "outofmemoryerror",
     "out of memory error", "OutOfMemoryError('x')", "throws OutOfMemoryError."],
)  # fmt: skip
def test_exact_class_forms(typed: str) -> None:
    verdict = grade(Kind.EXCEPTION, typed, OOM)
    assert (verdict.status, verdict.note, verdict.answer) == (VerdictStatus.CORRECT, "", "OutOfMemoryError")


def test_a_specific_base_class_is_right_with_a_note() -> None:
    verdict = grade(Kind.EXCEPTION, "RuntimeError", OOM)
    assert verdict.status is VerdictStatus.CORRECT
    assert verdict.note == "exactly: torch.OutOfMemoryError (a subclass of RuntimeError)"
    assert grade(Kind.EXCEPTION, "LookupError", INDEX).status is VerdictStatus.CORRECT


@pytest.mark.parametrize("typed", ["Exception", "BaseException", "object", "builtins.Exception"])
def test_too_broad_bases_never_count(typed: str) -> None:
    verdict = grade(Kind.EXCEPTION, typed, OOM)
    assert verdict.status is VerdictStatus.WRONG
    assert verdict.explanation.endswith("is too broad")


def test_other_classes_are_wrong() -> None:
    verdict = grade(Kind.EXCEPTION, "ValueError", raised("RuntimeError", "boom"))
    assert verdict.explanation == "it raises RuntimeError; you said ValueError"
    assert verdict.truth_text == "RuntimeError"


def test_saying_no_exception() -> None:
    verdict = grade(Kind.EXCEPTION, "no exception", OOM)
    assert (verdict.status, verdict.explanation) == (
        VerdictStatus.WRONG,
        "it raises OutOfMemoryError; you said it raises nothing (message: CUDA out of memory. Tried to allocate 2.00 GiB)",
    )  # fmt: skip
    right = grade(Kind.EXCEPTION, "None", shape(2, 3))
    assert (right.status, right.note, right.truth_text) == (
        VerdictStatus.CORRECT, "the value is torch.Size([2, 3])", "no exception",
    )  # fmt: skip


def test_an_exception_answer_to_a_value_is_wrong() -> None:
    verdict = grade(Kind.EXCEPTION, "RuntimeError", shape(2, 3))
    assert (verdict.status, verdict.explanation) == (
        VerdictStatus.WRONG,
        "no exception: the value is torch.Size([2, 3]); you said it raises RuntimeError",
    )
    elsewhere = grade(Kind.SHAPE, "raises RuntimeError", shape(2, 3))
    assert (elsewhere.status, elsewhere.explanation) == (
        VerdictStatus.WRONG, "no exception: the value is torch.Size([2, 3]); you said it raises RuntimeError",
    )  # fmt: skip


@pytest.mark.parametrize(
    "kind", [Kind.SHAPE, Kind.DTYPE, Kind.BOOL, Kind.INT, Kind.FLOAT, Kind.TENSOR, Kind.VALUE, Kind.STR]
)
def test_any_kind_grades_exception_names_against_an_exception(kind: Kind) -> None:
    assert grade(kind, "RuntimeError", OOM).status is VerdictStatus.CORRECT
    assert grade(kind, "IndexError: oops", OOM).explanation == "it raises OutOfMemoryError; you said IndexError"
    assert render_truth(kind, OOM) == "OutOfMemoryError"


@pytest.mark.parametrize(
    ("kind", "typed", "given"),
    [
        (Kind.SHAPE, "(2, 3)", "a shape"),
        (Kind.BOOL, "True", "True or False"),
        (Kind.FLOAT, "0.5", "a number"),
        (Kind.STR, "MulBackward0", "text"),
        (Kind.VALUE, "None", "a value"),
        (Kind.EXCEPTION, "torch.Size([2, 3])", "a shape (2, 3)"),
        (Kind.EXCEPTION, "[False, True]", "a list [False, True]"),
        (Kind.INT, "[3]", "a list [3]"),
    ],
)
def test_any_kind_a_value_answer_to_an_exception_is_wrong(kind: Kind, typed: str, given: str) -> None:
    verdict = grade(kind, typed, INDEX)
    assert (verdict.status, verdict.explanation) == (
        VerdictStatus.WRONG,
        f"it raises IndexError; you gave {given} (message: index 3 is out of bounds)",
    )


def test_saying_it_works_with_a_warning_is_no_exception() -> None:
    verdict = grade(Kind.EXCEPTION, "it works with a deprecation warning", INDEX)
    assert verdict.status is VerdictStatus.WRONG
    assert verdict.explanation.startswith("it raises IndexError; you said it raises nothing")
    assert grade(Kind.EXCEPTION, "it works with a deprecation warning", shape(2, 3)).status is VerdictStatus.CORRECT


def test_unreadable_exception_answers() -> None:
    for typed in ("it fails somehow", "???", "", "idk"):
        assert grade(Kind.EXCEPTION, typed, OOM).status is VerdictStatus.UNPARSED
    assert grade(Kind.SHAPE, "it fails somehow", OOM).status is VerdictStatus.UNPARSED


def test_long_messages_are_cut_to_one_line() -> None:
    verdict = grade(Kind.SHAPE, "(1,)", raised("RuntimeError", "line one\n" + "x" * 500))
    assert "\n" not in verdict.explanation
    assert len(verdict.explanation) < 160


def test_rendering_a_value_under_the_exception_kind() -> None:
    assert render_truth(Kind.EXCEPTION, number(3)) == "no exception"


def test_the_class_the_traceback_prints_is_right() -> None:
    casting = raised(
        "UFuncTypeError",
        "Cannot cast ufunc 'add' output",
        ("UFuncTypeError", "TypeError", "Exception", "BaseException", "object"),
        qualname="numpy._core._exceptions._UFuncOutputCastingError",
    )
    verdict = grade(Kind.EXCEPTION, "_UFuncOutputCastingError", casting)
    assert (verdict.status, verdict.note) == (
        VerdictStatus.CORRECT,
        "the traceback prints numpy._core._exceptions._UFuncOutputCastingError, which names itself UFuncTypeError",
    )
    assert grade(Kind.EXCEPTION, "UFuncTypeError", casting).status is VerdictStatus.CORRECT
    assert grade(Kind.EXCEPTION, "TypeError", casting).status is VerdictStatus.CORRECT
