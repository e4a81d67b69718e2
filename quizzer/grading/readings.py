"""What a typed answer reads as when it is not an answer of the question's kind.

A list typed for a bool question, a shape for a question whose snippet raises, a name for a
value: each is a readable answer of another kind, so the verdict is ``wrong`` with a reason
that names what the learner gave. Only text that reads as nothing here is ``unparsed``.
"""

from __future__ import annotations

from quizzer.grading.dtypes import canonical_dtype
from quizzer.grading.exceptions import parse_exception, says_no_exception
from quizzer.grading.kinds import Kind
from quizzer.grading.literals import LiteralError, TensorLiteral, parse_literal
from quizzer.grading.shapes import format_shape, parse_shape
from quizzer.grading.spec import one_line, unquote
from quizzer.grading.values import described

_WANTED = {
    Kind.SHAPE: "a shape",
    Kind.DTYPE: "a dtype",
    Kind.BOOL: "True or False",
    Kind.INT: "an integer",
    Kind.FLOAT: "a number",
    Kind.TENSOR: "a tensor",
    Kind.VALUE: "a value",
    Kind.STR: "text",
    Kind.EXCEPTION: "an exception",
    Kind.CHOICE: "one of the options",
}


def wanted(kind: Kind) -> str:
    """What an answer of ``kind`` is, for reasons: ``a shape``, ``True or False``."""
    return _WANTED.get(kind, "an answer")


def reading(text: str, *, exceptions: bool = True, names: bool = True) -> str | None:
    """What ``text`` reads as (``a list [False, True]``, ``the dtype int64``, ``a shape (2, 3)``), or None.

    ``exceptions`` counts exception names (``RuntimeError``, ``raises ...``) and ``no exception``;
    ``names`` counts any Python name (``AccumulateGrad``).
    """
    if exceptions:
        name = parse_exception(text)
        if name is not None:
            return f"the exception {name}"
        if says_no_exception(text) and text.strip().casefold() != "none":
            return "no exception"
    value = value_reading(text)
    if value is not None:
        return value
    body = unquote(text)
    dtype = canonical_dtype(body)
    if dtype is not None:
        return f"the dtype {dtype}"
    parts = [part.strip() for part in body.split(".")]
    if names and all(part.isidentifier() for part in parts) and _named(body):
        return f"the name {one_line(body, 40)}"
    return None


def _named(body: str) -> bool:
    """A Python name someone means (``AccumulateGrad``, ``torch.float``, ``grad_fn``), not a word like ``idk``."""
    return "." in body or "_" in body or any(char.isupper() or char.isdigit() for char in body)


def value_reading(text: str) -> str | None:
    """What ``text`` reads as when it is a value (a literal, a tensor or a shape), else None."""
    try:
        literal = parse_literal(text)
    except LiteralError:
        shape = parse_shape(text)
        return f"a shape {format_shape(shape)}" if shape is not None else None
    if isinstance(literal, TensorLiteral):
        return "a tensor"
    if text.strip().casefold().startswith(("torch.size", "size(")):
        return f"a shape {format_shape(tuple(literal))}"
    return described(literal)
