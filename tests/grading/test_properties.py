"""Properties over generated truths: a truth's rendering and its own repr grade correct; no text raises."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from quizzer.grading import Judging, Kind, Verdict, VerdictStatus, grade, parse_code, render_truth
from quizzer.grading.dtypes import CANONICAL
from quizzer.outcome import Outcome, Status
from testsupport.builders import PROPERTY, dtype, exceptions, failed, literal, number, shape, tensors, text
from testsupport.builders import literals as literal_values
from testsupport.builders import shapes as shape_lists


def _own_repr(truth: Outcome) -> str:
    """The truth as Python shows it: the value's repr, or ``Name: message``."""
    if truth.exception is not None:
        message = truth.exception.message
        return f"{truth.exception.name}: {message}" if message else truth.exception.name
    assert truth.value is not None
    return truth.value.repr


def _assert_both_correct(kind: Kind, truth: Outcome, **options: object) -> None:
    rendered = render_truth(kind, truth, choices=options.get("choices"))  # type: ignore[arg-type]
    assert rendered is not None
    for typed in (rendered, _own_repr(truth)):
        verdict = grade(kind, typed, truth, **options)  # type: ignore[arg-type]
        assert verdict.status is VerdictStatus.CORRECT, (typed, verdict)


@PROPERTY
@given(shape_lists)
def test_shapes(dims: list[int]) -> None:
    _assert_both_correct(Kind.SHAPE, shape(*dims))


@PROPERTY
@given(st.sampled_from(CANONICAL))
def test_dtypes(name: str) -> None:
    _assert_both_correct(Kind.DTYPE, dtype(name))


@PROPERTY
@given(st.booleans())
def test_bools(b: bool) -> None:
    _assert_both_correct(Kind.BOOL, number(b))


@PROPERTY
@given(st.integers(-(10**30), 10**30))
def test_ints(i: int) -> None:
    _assert_both_correct(Kind.INT, number(i))
    _assert_both_correct(Kind.FLOAT, number(i))


@PROPERTY
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_floats(x: float) -> None:
    _assert_both_correct(Kind.FLOAT, number(x))


@PROPERTY
@given(tensors(), st.booleans())
def test_tensors(truth: Outcome, compare_dtype: bool) -> None:
    rendered = render_truth(Kind.TENSOR, truth)
    assert rendered is not None
    verdict = grade(Kind.TENSOR, rendered, truth, judging=Judging(dtype=compare_dtype))
    assert verdict.status is VerdictStatus.CORRECT, (rendered, verdict)


@PROPERTY
@given(tensors())
def test_one_element_tensors_as_scalars(truth: Outcome) -> None:
    data = truth.value.data  # type: ignore[union-attr]
    kind = Kind.BOOL if data.dtype == "bool" else Kind.FLOAT
    rendered = render_truth(kind, truth)
    if math.prod(data.shape) != 1:
        assert rendered is None
        assert grade(kind, "1", truth).status is VerdictStatus.ERROR
    else:
        assert rendered is not None
        assert grade(kind, rendered, truth).status is VerdictStatus.CORRECT, rendered


@PROPERTY
@given(literal_values)
def test_literals(obj: object) -> None:
    _assert_both_correct(Kind.VALUE, literal(obj))


@PROPERTY
@given(st.text())
def test_strs(s: str) -> None:
    _assert_both_correct(Kind.STR, text(s))
    _assert_both_correct(Kind.VALUE, text(s))


@PROPERTY
@given(exceptions, st.sampled_from([k for k in Kind if k not in (Kind.CODE, Kind.RECALL, Kind.CHOICE)]))
def test_exceptions_under_every_kind(truth: Outcome, kind: Kind) -> None:
    _assert_both_correct(kind, truth)


@PROPERTY
@given(
    st.lists(
        st.text(min_size=1, max_size=12).filter(lambda t: t.strip() and not any(c.isdigit() for c in t)),
        min_size=1,
        max_size=5,
        unique_by=lambda t: " ".join(t.casefold().split()),
    ),
    st.data(),
)
def test_choices(options: list[str], data: st.DataObject) -> None:
    index = data.draw(st.integers(1, len(options)))
    for truth in (number(index), text(options[index - 1])):
        _assert_both_correct(Kind.CHOICE, truth, choices=options)


TRUTHS = [
    shape(2, 3),
    dtype("float32"),
    number(True),
    number(3),
    number(0.5),
    text("MulBackward0"),
    literal([1, (2, None)]),
    failed(Status.TIMEOUT, "took 5 s"),
]


@PROPERTY
@given(st.text(), st.sampled_from([k for k in Kind if k is not Kind.CODE]), st.sampled_from(TRUTHS))
def test_no_text_raises(typed: str, kind: Kind, truth: Outcome) -> None:
    verdict = grade(kind, typed, truth, choices=["a", "b"])
    assert verdict.status in VerdictStatus


ANSWERISH = st.text(alphabet="0123456789()[]{},x ×.e-+/jnaINFtorchSizeRuntimeErr:=_'\"\n")


@PROPERTY
@given(ANSWERISH, st.sampled_from([k for k in Kind if k is not Kind.CODE]), st.sampled_from(TRUTHS))
def test_no_answerish_text_raises(typed: str, kind: Kind, truth: Outcome) -> None:
    assert grade(kind, typed, truth, choices=["1", "b"]).status in VerdictStatus


@PROPERTY
@given(st.text(), st.sampled_from([k for k in Kind if k is not Kind.CODE]), exceptions)
def test_no_text_raises_against_exceptions(typed: str, kind: Kind, truth: Outcome) -> None:
    assert grade(kind, typed, truth, choices=["a", "b"]).status in VerdictStatus


@PROPERTY
@given(st.text() | ANSWERISH)
def test_parse_code_never_raises(typed: str) -> None:
    assert isinstance(parse_code(typed), str | Verdict)
