"""What every answer kind provides to the grader, and the small helpers they share."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from quizzer.outcome import Value

A = TypeVar("A")  # a parsed answer
T = TypeVar("T")  # a truth in the kind's own terms


class TruthMismatch(Exception):
    """The truth's value does not fit the question's kind (a deck error, not the learner's)."""


@dataclass(frozen=True)
class Comparison:
    """The result of comparing a parsed answer with a truth."""

    correct: bool
    explanation: str = ""  # what differs, when wrong
    note: str = ""  # something worth knowing even when correct


@dataclass(frozen=True)
class KindSpec(Generic[A, T]):
    """How one kind parses, compares and displays answers.

    ``parse`` returns None for text it cannot read (never raises); ``truth`` raises
    TruthMismatch when a value cannot be a truth of this kind; ``show`` and ``render`` give
    the normalised text of an answer and of a truth, as a learner would type them.
    """

    parse: Callable[[str], A | None]
    truth: Callable[[Value], T]
    compare: Callable[[A, T], Comparison]
    show: Callable[[A], str]
    render: Callable[[T], str | None]


def one_line(text: str, limit: int = 100) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def describe(value: Value) -> str:
    """A value for messages: its type and a short repr, e.g. ``a tensor tensor([1., 2.])``."""
    kind = value.type_name.rpartition(".")[2] or value.type.value
    return f"{with_article(kind)} {one_line(value.repr, 60)}"


def with_article(noun: str) -> str:
    """``an int``, ``a list``."""
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def mismatch(value: Value, wanted: str) -> TruthMismatch:
    """The error for a truth that is not ``wanted`` (e.g. "a shape")."""
    return TruthMismatch(f"the truth is {describe(value)}, not {wanted}: check the question's kind")


def unquote(text: str) -> str:
    """The content of a quoted Python string (``'MulBackward0'``), else ``text`` trimmed."""
    body = text.strip()
    if len(body) >= 2 and body[0] in "'\"" and body[-1] == body[0]:
        try:
            content = ast.literal_eval(body)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            return body
        if isinstance(content, str):
            return content
    return body


def is_number(obj: Any) -> bool:
    """True for int, float and complex, not bool."""
    return isinstance(obj, int | float | complex) and not isinstance(obj, bool)
