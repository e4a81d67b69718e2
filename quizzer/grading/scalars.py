"""The one-token kinds: bool, int, float, dtype and str.

* bool: ``True``/``true``/``yes``/``y``/``t``/``1`` and ``False``/``false``/``no``/``n``/``f``/``0``,
  any case, also inside ``tensor(...)``. ``1``/``0`` count because Python's bool is an int.
* int, float: any number literal (``3``, ``3.0``, ``3e0``, ``-1``, ``1/3``, ``nan``, ``inf``,
  ``tensor(0.3333)``); ``3.0`` is right for the int 3. Floats follow ``numerals``: the
  truth's dtype sets the default tolerance (a Python float is float64) and digits typed
  after the point set a precision. A one-element tensor is a valid truth for all three.
* dtype: torch's names and aliases (``dtypes``), with or without ``torch.`` and quotes.
* str: the exact text after trimming both sides; quotes are optional (``'MulBackward0'``), a
  dotted name's module path and a difference of case do not count (``torch.Size`` for ``Size``).
"""

from __future__ import annotations

import math
from functools import partial

from quizzer.grading.dtypes import canonical_dtype
from quizzer.grading.literals import LiteralError, TensorLiteral, parse_literal
from quizzer.grading.numerals import TypedFloat, close, format_number
from quizzer.grading.spec import Comparison, KindSpec, is_number, mismatch, one_line, unquote
from quizzer.grading.tensors import flat_values
from quizzer.outcome import Value, ValueType

Number = int | float | complex

_TRUE = {"true", "yes", "y", "t", "1"}
_FALSE = {"false", "no", "n", "f", "0"}
_MAX_DECIMALS_SHOWN = 12


# bool


def parse_bool(text: str) -> bool | None:
    """Read a typed truth value (see the module doc); None if unreadable."""
    word = text.strip().rstrip(".").casefold()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    parsed = _literal_data(text)
    return bool(parsed) if isinstance(parsed, bool) or (type(parsed) is int and parsed in (0, 1)) else None


def bool_truth(value: Value) -> bool:
    """A bool, or a one-element bool tensor."""
    if value.type is ValueType.BOOL:
        return bool(value.data)
    tensor = _single_element(value)
    if tensor is not None and tensor[1] == "bool":
        return bool(tensor[0])
    raise mismatch(value, "a bool")


def compare_bools(answer: bool, truth: bool) -> Comparison:
    """Equal truth values."""
    return Comparison(answer == truth, "" if answer == truth else f"you gave {answer}; the truth is {truth}")


# int and float


def parse_number(text: str) -> Number | None:
    """Read a typed number, a fraction of integers, nan/inf, or a 0-d ``tensor(...)``; None if unreadable."""
    parsed = _literal_data(text)
    return parsed if isinstance(parsed, int | float | complex) and is_number(parsed) else None


def _literal_data(text: str) -> object:
    """The literal typed (a one-element ``tensor(...)`` unwrapped), or None when it is not one."""
    try:
        parsed = parse_literal(text)
    except LiteralError:
        return None
    if not isinstance(parsed, TensorLiteral):
        return parsed
    data = parsed.data
    while isinstance(data, list) and len(data) == 1:
        data = data[0]
    return data


def number_truth(value: Value) -> tuple[Number, str]:
    """A number with the dtype that sets its tolerance: int64, float64, complex128 or a tensor's."""
    if value.type is ValueType.INT:
        return int(value.data), "int64"
    if value.type is ValueType.FLOAT:
        return float(value.data), "float64"
    if value.type is ValueType.COMPLEX:
        return complex(*value.data), "complex128"
    tensor = _single_element(value)
    if tensor is not None and tensor[1] != "bool":
        return tensor
    raise mismatch(value, "a number")


def compare_numbers(answer: Number, truth: tuple[Number, str], decimals: int | None = None) -> Comparison:
    """Close per ``numerals`` (at ``decimals`` when the question states them); a wrong answer shows the truth."""
    number, dtype = truth
    if close(answer, number, dtype, decimals):
        return Comparison(True)
    explanation = f"you gave {show_number(answer)}; the truth is {format_number(number, dtype)}"
    if decimals is not None and isinstance(number, float) and math.isfinite(number):
        return Comparison(
            False,
            f"{explanation} ({number:.{decimals}f} to the {decimals} decimal{'s' if decimals != 1 else ''} asked)",
        )
    if isinstance(answer, TypedFloat) and isinstance(number, float) and math.isfinite(number):
        decimals = round(-math.log10(answer.step))
        if 0 < decimals <= _MAX_DECIMALS_SHOWN:
            explanation += f" ({number:.{decimals}f} to {decimals} decimals)"
    return Comparison(False, explanation)


def show_number(answer: Number) -> str:
    """A typed number, normalised (``3e0`` -> ``3.0``)."""
    return format_number(answer, "float64")


def render_int(truth: tuple[Number, str]) -> str:
    """An integral truth without decimals (``3`` for ``3.0``); any other number as for floats."""
    number, dtype = truth
    if isinstance(number, float) and math.isfinite(number) and number.is_integer():
        return str(int(number))
    return format_number(number, dtype)


def render_float(truth: tuple[Number, str]) -> str:
    """The shortest text that reads back as the truth in its dtype."""
    return format_number(*truth)


# dtype


def parse_dtype_answer(text: str) -> str | None:
    """A canonical dtype name for ``torch.long``, ``'f32'``, ``np.float32``; None if unknown."""
    body = unquote(text).strip()
    for prefix in ("np.", "numpy."):
        if body.casefold().startswith(prefix) and canonical_dtype(body[len(prefix) :]) is not None:
            return canonical_dtype(body[len(prefix) :])
    return canonical_dtype(body)


def dtype_truth(value: Value) -> str:
    """A torch.dtype."""
    if value.type is not ValueType.DTYPE:
        raise mismatch(value, "a dtype")
    return canonical_dtype(str(value.data)) or str(value.data)


def compare_dtypes(answer: str, truth: str) -> Comparison:
    """Equal canonical names; a wrong answer names both."""
    return Comparison(answer == truth, "" if answer == truth else f"you gave {answer}; the truth is {truth}")


# str


def parse_str(text: str) -> tuple[str, str] | None:
    """The trimmed text and its content without quotes (the same text when unquoted); None when empty."""
    raw = text.strip()
    return (raw, unquote(raw).strip()) if raw else None


def str_truth(value: Value) -> str:
    """A str, or a device (``cuda:0``)."""
    if value.type not in (ValueType.STR, ValueType.DEVICE):
        raise mismatch(value, "text")
    return str(value.data)


def compare_strs(answer: tuple[str, str], truth: str, *, spacing: bool = True) -> Comparison:
    """Exact text after trimming, quotes optional; a name may carry its module path, and case is ignored.

    ``torch.Size`` and ``numpy.int64`` name ``Size`` and ``int64``; ``CPU`` is right for ``cpu``
    with a note giving the exact text. Without ``spacing``, all whitespace is ignored.
    """
    target = truth.strip()
    forms = set(answer) | {_unqualified(a) for a in answer}
    if not spacing:
        target, forms = _squeeze(target), {_squeeze(a) for a in forms}
    if target in forms:
        return Comparison(True)
    if any(a.casefold() == target.casefold() for a in forms):
        return Comparison(True, note=f"exactly: {one_line(truth.strip())}")
    return Comparison(False, f"you gave {one_line(answer[1], 60)}; the truth is {one_line(truth.strip())}")


def _unqualified(text: str) -> str:
    """``Size`` for ``torch.Size`` (a dotted Python name loses its module path); other text unchanged."""
    parts = [part.strip() for part in text.split(".")]
    if len(parts) > 1 and all(part.isidentifier() for part in parts):
        return parts[-1]
    return text


def _squeeze(text: str) -> str:
    return "".join(text.split())


def render_str(truth: str) -> str:
    """The trimmed text, or its Python repr when that is empty."""
    return truth.strip() or repr(truth)


def _single_element(value: Value) -> tuple[Number | bool, str] | None:
    """The only value of a one-element tensor and its dtype, or None."""
    if value.type is not ValueType.TENSOR or value.data is None or value.data.values is None:
        return None
    values = flat_values(value.data)
    return (values[0], value.data.dtype) if len(values) == 1 else None


BOOL: KindSpec[bool, bool] = KindSpec(parse_bool, bool_truth, compare_bools, str, str)
DTYPE: KindSpec[str, str] = KindSpec(parse_dtype_answer, dtype_truth, compare_dtypes, str, str)


def int_spec(decimals: int | None = None) -> KindSpec[Number, tuple[Number, str]]:
    """The int kind (numbers at ``decimals`` when the question states a precision)."""
    return KindSpec(parse_number, number_truth, partial(compare_numbers, decimals=decimals), show_number, render_int)


def float_spec(decimals: int | None = None) -> KindSpec[Number, tuple[Number, str]]:
    """The float kind (numbers at ``decimals`` when the question states a precision)."""
    return KindSpec(parse_number, number_truth, partial(compare_numbers, decimals=decimals), show_number, render_float)


def str_spec(spacing: bool = True) -> KindSpec[tuple[str, str], str]:
    """The str kind; without ``spacing``, whitespace does not count."""
    return KindSpec(parse_str, str_truth, partial(compare_strs, spacing=spacing), lambda answer: answer[1], render_str)
