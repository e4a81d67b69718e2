"""The choice kind: options shown numbered from 1; the learner types a number or an option's text.

The truth (the value the deck's ``answer`` evaluates to) is either an int, read as the
right option's 1-based number, or anything else, matched against the options' texts: a
str by its content, other values by their repr (``True``, ``torch.float32``) or plain form
(``float32``, ``(2, 3)``). Texts match ignoring case and spacing (``(2,3)`` for ``(2, 3)``;
a question may make spacing count with ``judge: {whitespace: false}``) and surrounding
quotes. A typed number always means an option's number, even when option texts are numbers
themselves.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quizzer.grading.exceptions import parse_exception
from quizzer.grading.shapes import format_shape
from quizzer.grading.spec import Comparison, KindSpec, TruthMismatch, one_line, unquote
from quizzer.outcome import ExceptionInfo, Value, ValueType

_NUMBER = re.compile(r"(?:option\s*)?[#(]?\s*([0-9]{1,6})\s*[.)]?", re.IGNORECASE)


def choice_spec(choices: Sequence[str], *, spacing: bool = False) -> KindSpec[int, int]:
    """The choice kind over these options; answers and truths are 1-based option numbers.

    Without ``spacing`` (the default), option texts match ignoring all whitespace.
    """

    def _normal(text: str) -> str:
        return " ".join(text.casefold().split()) if spacing else "".join(text.casefold().split())

    texts = [_normal(choice) for choice in choices]

    def parse(text: str) -> int | None:
        number = _NUMBER.fullmatch(text.strip())
        if number:
            index = int(number[1])
            return index if 1 <= index <= len(choices) else None
        typed = _normal(unquote(text))
        return texts.index(typed) + 1 if typed in texts else None

    def truth(value: Value) -> int:
        if value.type is ValueType.INT:
            if 1 <= value.data <= len(choices):
                return int(value.data)
            raise TruthMismatch(f"the answer is option {value.data}, but there are {len(choices)} options")
        for form in _forms(value):
            if _normal(form) in texts:
                return texts.index(_normal(form)) + 1
        raise TruthMismatch(f"the truth {one_line(value.repr, 60)} is none of the options")

    def compare(answer: int, right: int) -> Comparison:
        if answer == right:
            return Comparison(True)
        return Comparison(False, f"you chose {answer}: {_option(answer)}; the answer is {right}: {_option(right)}")

    def _option(number: int) -> str:
        return one_line(choices[number - 1], 60)

    return KindSpec(parse, truth, compare, str, str)


def option_naming(exc: ExceptionInfo, choices: Sequence[str]) -> int | None:
    """The number of the option that names the raised exception (``raises RuntimeError``), if any."""
    for number, choice in enumerate(choices, start=1):
        name = parse_exception(choice, known=(exc.name,))
        if name is not None and name.casefold() == exc.name.casefold():
            return number
    return None


def _forms(value: Value) -> list[str]:
    """The texts an option may use for a value."""
    forms = [value.repr]
    if value.type in (ValueType.STR, ValueType.DTYPE, ValueType.DEVICE):
        forms.insert(0, str(value.data))
    if value.type is ValueType.SHAPE:
        forms.append(format_shape(tuple(value.data)))
    return forms
