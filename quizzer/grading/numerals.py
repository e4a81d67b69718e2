"""Numbers as typed and as stored: typed precision, closeness per dtype, display per dtype.

A float typed with digits after the point carries its precision: ``0.3333`` means "1/3 to
four decimals". Such a number is right when it is the truth rounded or cut off at the digits
typed (``0.3333``, ``0.333`` and ``0.33`` for 1/3; ``0.667`` and ``0.666`` for 2/3), and wrong
otherwise (``0.3334`` for 1/3), whatever the dtype. The digits typed must reach the truth's first
significant digit: ``0.03`` is 0.0327 cut, ``0.0`` is not (nor ``0.1`` for 0.05). This is pytest's doctest ``NUMBER`` rule
made stricter: pytest allows one whole unit of the last digit either way, which would accept
``0.3334``. Numbers typed without decimals (``3``, ``1e-3``, ``1/3``) and every number that
is close within torch.testing.assert_close's default tolerance for the truth's dtype are right
too. NaN equals NaN; infinities equal only themselves.

A question that states a precision (``decimals``, e.g. "to 4 decimals") overrides all of
this: a number is right when, rounded to that many decimals, it is a rounding of the truth
(``0.0327`` and ``0.03272`` for 0.03272, not ``0.0`` or ``0.03``).
"""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Callable

from quizzer.grading.dtypes import real_part, tolerance

_DECIMAL = re.compile(r"[0-9]*\.([0-9]+)(?:[eE]([+-]?[0-9]+))?[jJ]?")
_MARGIN = 1e-6  # relative slack on the typed-precision bounds, for binary rounding noise


class TypedFloat(float):
    """A float typed with digits after the point; ``step`` is one unit of its last digit."""

    step: float

    def __new__(cls, value: float, step: float) -> TypedFloat:
        obj = super().__new__(cls, value)
        obj.step = step
        return obj


class TypedComplex(complex):
    """A complex typed with digits after the point in either part; ``steps`` per part."""

    steps: tuple[float | None, float | None]

    def __new__(cls, value: complex, steps: tuple[float | None, float | None]) -> TypedComplex:
        obj = super().__new__(cls, value)
        obj.steps = steps
        return obj


def step_of(source: str) -> float | None:
    """One unit of the last typed digit of a float literal (``1.25e3`` -> 10.0), None if no decimals."""
    match = _DECIMAL.fullmatch(source.replace("_", ""))
    if match is None:
        return None
    try:
        step = 10.0 ** (int(match[2] or 0) - len(match[1]))
    except OverflowError:
        return None
    return step or None


def with_sign(number: float | complex, negative: bool) -> float | complex:
    """``number`` negated when ``negative``, keeping its typed precision."""
    if not negative:
        return number
    if isinstance(number, TypedFloat):
        return TypedFloat(-float(number), number.step)
    if isinstance(number, TypedComplex):
        return TypedComplex(-complex(number), number.steps)
    return -number


def close(answer: float | complex, truth: float | complex, dtype: str, decimals: int | None = None) -> bool:
    """True when a typed number matches a stored one of ``dtype``, at ``decimals`` when given (module doc)."""
    if isinstance(answer, complex) or isinstance(truth, complex):
        steps = answer.steps if isinstance(answer, TypedComplex) else (_step(answer), None)
        part = real_part(dtype)
        try:
            answer, truth = complex(answer), complex(truth)
        except OverflowError:  # an integer too large for a float cannot equal a stored complex
            return False
        return _close_real(answer.real, truth.real, steps[0], part, decimals) and _close_real(
            answer.imag, truth.imag, steps[1], part, decimals
        )
    return _close_real(answer, truth, _step(answer), dtype, decimals)


def _step(number: float | complex) -> float | None:
    return number.step if isinstance(number, TypedFloat) else None


def _close_real(answer: float, truth: float, step: float | None, dtype: str, decimals: int | None = None) -> bool:
    if answer == truth:
        return True
    rtol, atol = tolerance(dtype)
    try:
        if math.isnan(answer) or math.isnan(truth):
            return math.isnan(answer) and math.isnan(truth)
        if math.isinf(answer) or math.isinf(truth):
            return False
        if decimals is not None:
            return _rounds_to(answer, truth, decimals)
        diff = abs(answer - truth)
        allowed = atol + rtol * abs(truth)
    except OverflowError:  # integers too large for a float
        return False
    return diff <= allowed or (step is not None and _typed_match(answer, truth, step, allowed))


def _rounds_to(answer: float, truth: float, decimals: int) -> bool:
    """True when ``answer`` rounded to ``decimals`` is a rounding of ``truth`` at that precision."""
    half = 0.5 * 10.0**-decimals
    return abs(round(float(answer), decimals) - truth) <= half * (1 + _MARGIN) + abs(truth) * 1e-12


def _typed_match(answer: float, truth: float, step: float, allowed: float) -> bool:
    """True when ``answer`` is ``truth`` rounded or cut off at a precision of ``step``."""
    if abs(truth) < step * (1 - _MARGIN):  # no significant digit of the truth typed: 0.0 is not 0.0327
        return False
    if abs(truth - answer) <= step * (0.5 + _MARGIN):
        return True
    away = truth - answer if answer > 0 else answer - truth if answer < 0 else abs(truth)
    return 0 <= away < step * (1 - _MARGIN) - allowed


def format_number(number: bool | int | float | complex, dtype: str) -> str:
    """The shortest text that reads back as ``number`` stored in ``dtype`` (``0.33333334`` for float32)."""
    if isinstance(number, bool | int):
        return str(number)
    if isinstance(number, complex):
        part = real_part(dtype)
        imag = format_number(number.imag, part)
        sign = "" if imag.startswith("-") else "+"
        return f"({format_number(number.real, part)}{sign}{imag}j)"
    if math.isnan(number) or math.isinf(number):
        return str(number)
    text = _shortest(number, _ROUNDERS[dtype]) if dtype in _ROUNDERS else repr(number)
    return text if "." in text or "e" in text else text + ".0"


def _shortest(number: float, rounder: Callable[[float], float]) -> str:
    try:
        stored = rounder(number)
        for digits in range(1, 18):
            text = f"{number:.{digits}g}"
            if rounder(float(text)) == stored:
                return repr(float(text))  # 10.0, not the 1e+01 that %g writes
    except (OverflowError, struct.error):
        pass
    return repr(number)


def _via_struct(code: str) -> Callable[[float], float]:
    return lambda number: float(struct.unpack(code, struct.pack(code, number))[0])


def _bfloat16(number: float) -> float:
    bits = struct.unpack("<I", struct.pack("<f", number))[0]
    bits = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
    return float(struct.unpack("<f", struct.pack("<I", bits))[0])


_ROUNDERS = {"float16": _via_struct("<e"), "float32": _via_struct("<f"), "bfloat16": _bfloat16}
