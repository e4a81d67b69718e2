"""Parametric questions: the grid of param instances, seeded draws, and filling `ask`."""

from __future__ import annotations

import math
import random
import re
import string
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

Instance = dict[str, Any]


class Parametric(Protocol):
    """What these functions read of a question (a deck model ``Question``, or its cached JSON form)."""

    @property
    def ask(self) -> str: ...

    @property
    def params(self) -> Mapping[str, Sequence[Any]] | None: ...


def grid_size(question: Parametric) -> int:
    """How many instances the question's params grid holds (1 without params)."""
    return math.prod(len(values) for values in (question.params or {}).values())


def instance_at(question: Parametric, index: int) -> Instance:
    """The ``index``-th instance of the grid, in row-major order of the params as written."""
    instance: Instance = {}
    for name, values in reversed(list((question.params or {}).items())):
        index, digit = divmod(index, len(values))
        instance[name] = values[digit]
    return dict(reversed(list(instance.items())))


def instances(question: Parametric, cap: int, seed: int = 0) -> list[Instance]:
    """Every instance of the grid, or a seeded sample of ``cap`` of them when the grid is larger."""
    size = grid_size(question)
    indexes = range(size) if size <= cap else sorted(random.Random(seed).sample(range(size), cap))
    return [instance_at(question, index) for index in indexes]


def draw(question: Parametric, seed: int) -> Instance:
    """One instance chosen by ``seed`` (a review records the seed to replay it)."""
    return instance_at(question, random.Random(seed).randrange(grid_size(question)))


def fill_ask(question: Parametric, instance: Instance) -> str:
    """The question's prompt with its {placeholders} filled from ``instance`` ({{ and }} show one brace).

    A format spec asking for a width or precision over ``MAX_FIELD_WIDTH`` (``{n:>3000000000}``
    would build a 3 GB string) is dropped: the value is shown as it is.
    """
    return _BOUNDED.vformat(question.ask.strip(), (), instance)


MAX_FIELD_WIDTH = 1000
_NUMBERS = re.compile(r"[0-9]+")


def spec_too_wide(spec: str) -> bool:
    """Whether a format spec asks for a width or precision over ``MAX_FIELD_WIDTH``."""
    return any(len(digits) > 4 or int(digits) > MAX_FIELD_WIDTH for digits in _NUMBERS.findall(spec))


class _BoundedFormatter(string.Formatter):
    """``str.format`` that ignores a spec too wide to build (``spec_too_wide``); ``lenient``: and one that does not fit."""

    def __init__(self, *, lenient: bool) -> None:
        self.lenient = lenient

    def format_field(self, value: Any, format_spec: str) -> Any:
        spec = "" if spec_too_wide(format_spec) else format_spec
        if not self.lenient:
            return super().format_field(value, spec)
        try:
            return super().format_field(value, spec)
        except (ValueError, TypeError):  # a spec that does not fit the value ({n:d} of a string): lint reports it
            return str(value)


def unfillable(question: Parametric, cap: int = 20) -> str | None:
    """Why the prompt cannot be filled from the first ``cap`` instances (``{n:d}`` of a string), or None when it can."""
    for instance in instances(question, cap):
        try:
            _STRICT.vformat(question.ask.strip(), (), instance)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
            return f"{type(error).__name__}: {error}"
    return None


_BOUNDED = _BoundedFormatter(lenient=True)
_STRICT = _BoundedFormatter(lenient=False)
