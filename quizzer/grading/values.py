"""The value kind: any Python literal, compared by structure after literal parsing.

Numbers compare as numbers (``1`` equals ``1.0``; floats as float64, with the typed
precision of ``numerals``); bool never equals a number; strings, None and sets exactly.
A list where the truth has a tuple (or the reverse) is right with a note naming the truth's
type: the learner knows the content, and the sequence type rarely is the point; a question
whose lesson it is sets ``container`` and then it is wrong, as in code answers. ``none``,
``true`` and ``false`` read in any case. A question's ``decimals`` sets the precision of numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from quizzer.grading.literals import LiteralError, TensorLiteral, parse_literal
from quizzer.grading.numerals import close, format_number
from quizzer.grading.spec import Comparison, KindSpec, TruthMismatch, is_number, mismatch, one_line, with_article
from quizzer.outcome import Value, ValueType


@dataclass(frozen=True)
class Literal:
    """A parsed literal (wrapped, since None is a valid answer)."""

    value: Any


def parse_value(text: str) -> Literal | None:
    """Read a Python literal; None if unreadable."""
    try:
        return Literal(parse_literal(text))
    except LiteralError:
        return None


def value_truth(value: Value) -> Literal:
    """A Python literal: None, bool, int, float, complex, str, a torch.Size (as a tuple), or a container."""
    match value.type:
        case ValueType.NONE:
            return Literal(None)
        case ValueType.BOOL | ValueType.INT | ValueType.STR:
            return Literal(value.data)
        case ValueType.FLOAT:
            return Literal(float(value.data))
        case ValueType.COMPLEX:
            return Literal(complex(*value.data))
        case ValueType.SHAPE:
            return Literal(tuple(value.data))
        case ValueType.LITERAL:
            try:
                return Literal(parse_literal(value.repr, typed=False))
            except LiteralError:
                raise TruthMismatch(f"the truth's repr is not a literal: {one_line(value.repr, 60)}") from None
    raise mismatch(value, "a Python literal")


def compare_values(
    answer: Literal, truth: Literal, *, container: bool = False, decimals: int | None = None
) -> Comparison:
    """Structural equality; list and tuple interchangeable with a note unless ``container``."""
    return compare_literals(answer.value, truth.value, loose_sequences=not container, decimals=decimals)


def compare_literals(answer: Any, truth: Any, *, loose_sequences: bool, decimals: int | None = None) -> Comparison:
    """Structural equality; ``loose_sequences`` lets a list stand for a tuple (with a note)."""
    notes: list[str] = []
    problem = _difference(answer, truth, "", loose_sequences, notes, decimals)
    if problem:
        return Comparison(False, problem)
    return Comparison(True, note=notes[0] if notes else "")


def render_value(truth: Literal) -> str:
    """The literal's Python repr."""
    return repr(truth.value)


def show_value(answer: Literal) -> str:
    """A parsed literal, normalised to its Python repr."""
    return repr(answer.value) if not isinstance(answer.value, TensorLiteral) else "a tensor"


def _difference(
    answer: Any, truth: Any, path: str, loose: bool, notes: list[str], decimals: int | None = None
) -> str | None:
    at = f"at {path}: " if path else ""
    if is_number(answer) and is_number(truth):
        dtype = "int64" if isinstance(truth, int) else "float64"
        return (
            None
            if close(answer, truth, dtype, decimals)
            else f"{at}you gave {_short(answer)}; the truth is {_short(truth)}"
        )
    if isinstance(answer, list | tuple) and isinstance(truth, list | tuple):
        if type(answer) is not type(truth):
            if not loose:
                return f"{at}you gave {with_article(_type(answer))}; the truth is {with_article(_type(truth))}"
            notes.append(f"{at}the truth is {with_article(_type(truth))}")
        if len(answer) != len(truth):
            return f"{at}you gave {_items(len(answer))}; the truth has {len(truth)}"
        for i, (a, t) in enumerate(zip(answer, truth, strict=True)):
            problem = _difference(a, t, f"{path}[{i}]", loose, notes, decimals)
            if problem:
                return problem
        return None
    if isinstance(answer, dict) and isinstance(truth, dict):
        for key in truth:
            if key not in answer:
                return f"{at}missing key {key!r}"
        for key in answer:
            if key not in truth:
                return f"{at}extra key {key!r}"
        for key, t in truth.items():
            problem = _difference(answer[key], t, f"{path}[{key!r}]", loose, notes, decimals)
            if problem:
                return problem
        return None
    if _type(answer) != _type(truth):
        return f"{at}you gave {described(answer)}; the truth is {described(truth)}"
    return None if answer == truth else f"{at}you gave {_short(answer)}; the truth is {_short(truth)}"


def described(obj: Any) -> str:
    """A value for reasons: ``None``, ``True``, or a type with the value: ``an int 3``, ``a list [1, 2]``."""
    if obj is None or isinstance(obj, bool):
        return repr(obj)
    if isinstance(obj, TensorLiteral):
        return "a tensor"
    return f"{with_article(_type(obj))} {_short(obj)}"


def _type(obj: Any) -> str:
    if isinstance(obj, TensorLiteral):
        return "tensor"
    if isinstance(obj, float):
        return "float"
    if isinstance(obj, complex):
        return "complex"
    return "None" if obj is None else type(obj).__name__


def _items(count: int) -> str:
    return "1 item" if count == 1 else f"{count} items"


def _short(obj: Any) -> str:
    if is_number(obj):
        return format_number(obj, "float64")
    return one_line(repr(obj), 40)


def value_spec(container: bool = False, decimals: int | None = None) -> KindSpec[Literal, Literal]:
    """The value kind, with the question's ``container`` and ``decimals`` settings."""
    compare = partial(compare_values, container=container, decimals=decimals)
    return KindSpec(parse_value, value_truth, compare, show_value, render_value)


SPEC = value_spec()
