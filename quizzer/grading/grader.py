"""Grading a typed answer against a truth: the dispatch shared by every kind.

Rules that hold for all kinds: a truth that did not come back (timeout, crash ...) gives an
``error`` verdict. When the truth is an exception, a typed exception name is graded as an
exception answer, and any other readable answer is wrong ("it raises RuntimeError; you gave
a shape"). When the truth is a value, an exception answer is wrong ("no exception: the value
is ..."), and so is a readable answer of another kind (a list for a bool question: see
``readings``). Only text that reads as no answer at all is ``unparsed``: a hint, not a miss.
A question's ``Judging`` settings say what the comparison counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from quizzer.grading import scalars, shapes
from quizzer.grading.choices import choice_spec, option_naming
from quizzer.grading.code import parse_code
from quizzer.grading.exceptions import (
    NO_EXCEPTION,
    canonical_name,
    compare_exception,
    known_names,
    no_exception,
    parse_exception,
    raises,
    says_no_exception,
)
from quizzer.grading.judging import DEFAULT, Judging
from quizzer.grading.kinds import Kind, hint
from quizzer.grading.literals import MAX_CHARS
from quizzer.grading.readings import reading, value_reading, wanted
from quizzer.grading.spec import Comparison, KindSpec, TruthMismatch, one_line
from quizzer.grading.tensors import tensor_spec
from quizzer.grading.values import value_spec
from quizzer.grading.verdict import Verdict, VerdictStatus
from quizzer.outcome import ExceptionInfo, Outcome, Status, Value, ValueType

_SPECS: dict[Kind, KindSpec[Any, Any]] = {
    Kind.SHAPE: shapes.SPEC,
    Kind.DTYPE: scalars.DTYPE,
    Kind.BOOL: scalars.BOOL,
}
_MALFORMED_TENSORS = ("a list", "a tuple", "a tensor")  # ragged or non-numeric: a hint, not a miss
_NAMES_READ = (Kind.VALUE, Kind.BOOL)  # a name typed for these is a wrong answer (AccumulateGrad for True)


def grade(
    kind: Kind | str,
    answer_text: str,
    truth: Outcome | None,
    *,
    choices: Sequence[str] | None = None,
    judging: Judging = DEFAULT,
) -> Verdict:
    """Judge ``answer_text`` for a question of ``kind`` whose ground truth is ``truth``.

    ``choices`` are the options of a choice question; ``judging`` holds the question's
    settings (stated decimals, dtype, container, spacing). ``truth`` may be None only for
    recall. Never raises on any answer text; raises ValueError for an unknown kind and for
    ``code`` (use ``grade_code``).
    """
    kind = Kind(kind)
    if kind is Kind.CODE:
        raise ValueError("code answers run on trial instances: use grade_code")
    if kind is Kind.RECALL:
        truth_text = render_truth(kind, truth)
        return Verdict(VerdictStatus.SELF_GRADED, answer=answer_text.strip(), truth_text=truth_text, kind=kind.value)
    if truth is None or not truth.ran:
        return _error(kind, f"no truth to compare with: {truth.summary() if truth else 'not computed'}")
    if kind is Kind.CHOICE and not choices:
        return _error(kind, "a choice question needs its choices")
    if not answer_text.strip() or len(answer_text) > MAX_CHARS:
        return _unparsed(kind, answer_text, choices)
    spec = _spec(kind, choices, judging)
    if truth.status is Status.EXCEPTION:
        assert truth.exception is not None
        return _against_exception(kind, spec, answer_text, truth.exception, choices)
    assert truth.value is not None
    if spec is None:
        return _exception_kind_against_value(answer_text, truth.value)
    try:
        target = spec.truth(truth.value)
    except TruthMismatch as exc:
        return _error(kind, str(exc))
    parsed = spec.parse(answer_text)
    if parsed is None and kind is Kind.VALUE and isinstance(target.value, str):  # text typed without its quotes
        text = scalars.str_spec(spacing=not judging.ignores_spacing(kind))
        words = text.parse(answer_text)
        if words is not None:
            return _verdict(kind, text.compare(words, target.value), answer_text.strip(), repr(target.value))
    if parsed is None:
        name = parse_exception(answer_text)
        if name is not None:
            return _verdict(kind, Comparison(False, no_exception(truth.value, name)), name, spec.render(target))
        other = None if kind is Kind.CHOICE else reading(answer_text, names=kind in _NAMES_READ)
        if other is None or (kind is Kind.TENSOR and other.startswith(_MALFORMED_TENSORS)):
            return _unparsed(kind, answer_text, choices)
        truth_text = spec.render(target)
        why = f"you gave {other}, not {wanted(kind)}; the truth is {truth_text}"
        return _verdict(kind, Comparison(False, why), one_line(answer_text, 200), truth_text)
    return _verdict(kind, spec.compare(parsed, target), spec.show(parsed), spec.render(target))


def render_truth(kind: Kind | str, truth: Outcome | None, *, choices: Sequence[str] | None = None) -> str | None:
    """The truth as a deck author would write it in ``expect``; None when there is none to write.

    An exception truth renders as its class name (or the number of the option naming it),
    a value under ``exception`` as ``no exception``, a recall truth as the text to reveal.
    """
    kind = Kind(kind)
    if truth is None or not truth.ran or kind is Kind.CODE:
        return None
    if kind is Kind.RECALL:
        value = truth.value
        return str(value.data) if value is not None and value.type is ValueType.STR else truth.summary()
    if truth.exception is not None:
        number = option_naming(truth.exception, choices) if kind is Kind.CHOICE and choices else None
        return str(number) if number else truth.exception.name
    assert truth.value is not None
    if kind is Kind.EXCEPTION:
        return NO_EXCEPTION
    spec = _spec(kind, choices, DEFAULT)
    if spec is None:
        return None
    try:
        return spec.render(spec.truth(truth.value))
    except TruthMismatch:
        return None


def readable(kind: Kind | str, text: str, *, choices: Sequence[str] | None = None) -> bool:
    """Whether ``text`` reads as an answer of ``kind``, or as the exception a snippet raises.

    Used to lint a deck's ``expect`` before anything runs: text this returns False for is
    ``unparsed`` against any truth. A choice question without choices reads as True (lint
    reports the missing choices itself).
    """
    kind = Kind(kind)
    if kind is Kind.RECALL:
        return True
    if kind is Kind.CODE:
        return isinstance(parse_code(text), str)
    if not text.strip() or len(text) > MAX_CHARS:
        return False
    if kind is Kind.EXCEPTION:
        return says_no_exception(text) or parse_exception(text, any_name=True) is not None
    spec = _spec(kind, choices, DEFAULT)
    return spec is None or spec.parse(text) is not None or parse_exception(text) is not None


def _spec(kind: Kind, choices: Sequence[str] | None, judging: Judging) -> KindSpec[Any, Any] | None:
    """The kind's parse/compare functions; None for exception (handled here) and choice without choices."""
    match kind:
        case Kind.TENSOR:
            return tensor_spec(judging.dtype, judging.decimals)
        case Kind.CHOICE:
            return choice_spec(choices, spacing=not judging.ignores_spacing(kind)) if choices else None
        case Kind.INT:
            return scalars.int_spec(judging.decimals)
        case Kind.FLOAT:
            return scalars.float_spec(judging.decimals)
        case Kind.VALUE:
            return value_spec(judging.container, judging.decimals)
        case Kind.STR:
            return scalars.str_spec(spacing=not judging.ignores_spacing(kind))
    return _SPECS.get(kind)


def _against_exception(
    kind: Kind, spec: KindSpec[Any, Any] | None, text: str, exc: ExceptionInfo, choices: Sequence[str] | None
) -> Verdict:
    """Grade any kind's answer when the truth is an exception."""
    if spec is not None and kind is Kind.CHOICE:
        number = option_naming(exc, choices or ())
        parsed = spec.parse(text)
        if number and parsed is not None:
            return _verdict(kind, spec.compare(parsed, number), spec.show(parsed), str(number))
    names = {name.casefold() for name in known_names(exc)}
    if kind is Kind.EXCEPTION and says_no_exception(text) and text.strip().casefold() not in names:
        return _verdict(kind, Comparison(False, raises(exc, "you said it raises nothing")), NO_EXCEPTION, exc.name)
    name = parse_exception(text, known=known_names(exc))
    if name is None and (kind is not Kind.EXCEPTION or value_reading(text) is None):
        name = parse_exception(text, known=known_names(exc), any_name=kind is Kind.EXCEPTION)
    if name is not None:
        return _verdict(kind, compare_exception(name, exc), canonical_name(name, exc), exc.name)
    if spec is not None and (parsed := spec.parse(text)) is not None:
        given = f"you chose option {spec.show(parsed)}" if kind is Kind.CHOICE else f"you gave {wanted(kind)}"
        return _verdict(kind, Comparison(False, raises(exc, given)), spec.show(parsed), exc.name)
    other = reading(text)
    if other is None:
        return _unparsed(kind, text, choices)
    return _verdict(kind, Comparison(False, raises(exc, f"you gave {other}")), one_line(text, 200), exc.name)


def _exception_kind_against_value(text: str, value: Value) -> Verdict:
    """Grade an exception answer when the snippet returned a value."""
    if says_no_exception(text):
        note = f"the value is {one_line(value.repr, 80)}"
        return _verdict(Kind.EXCEPTION, Comparison(True, note=note), NO_EXCEPTION, NO_EXCEPTION)
    name = parse_exception(text)
    if name is None and value_reading(text) is None:
        name = parse_exception(text, any_name=True)
    if name is not None:
        return _verdict(Kind.EXCEPTION, Comparison(False, no_exception(value, name)), name, NO_EXCEPTION)
    other = reading(text)
    if other is None:
        return _unparsed(Kind.EXCEPTION, text, None)
    why = f"{no_exception(value)}; you gave {other}, not an exception or 'no exception'"
    return _verdict(Kind.EXCEPTION, Comparison(False, why), one_line(text, 200), NO_EXCEPTION)


def _verdict(kind: Kind, comparison: Comparison, answer: str, truth: str | None) -> Verdict:
    status = VerdictStatus.CORRECT if comparison.correct else VerdictStatus.WRONG
    return Verdict(status, comparison.explanation, comparison.note, answer, truth, kind.value)


def _unparsed(kind: Kind, text: str, choices: Sequence[str] | None) -> Verdict:
    forms = f"an option's number (1 to {len(choices)}) or its text" if kind is Kind.CHOICE and choices else hint(kind)
    if kind is not Kind.EXCEPTION:
        forms += "; or the exception it raises, e.g. RuntimeError"
    lead = "type an answer" if not text.strip() else "could not read that"
    return Verdict(VerdictStatus.UNPARSED, f"{lead}: {forms}", answer=one_line(text, 200), kind=kind.value)


def _error(kind: Kind, why: str) -> Verdict:
    return Verdict(VerdictStatus.ERROR, why, kind=kind.value)
