"""The tensor kind: nested lists or ``tensor(...)`` reprs, compared by shape and values.

Values are compared with torch.testing.assert_close's default tolerances for the truth's
dtype, or the precision the learner typed (see ``numerals``); NaN equals NaN. The dtype is
compared only when the question asks (``judge: {dtype: true}``): a typed ``dtype=`` keyword wins,
otherwise it is inferred as torch would (bool, int64, float32, complex64). A truth whose
values were truncated by the worker (too many elements) cannot be graded as a tensor: the
verdict is an error that asks the deck for a shape or a smaller tensor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from typing import Any

from quizzer.grading.dtypes import is_floating
from quizzer.grading.literals import LiteralError, TensorLiteral, parse_literal
from quizzer.grading.numerals import close, format_number
from quizzer.grading.shapes import Shape, format_shape
from quizzer.grading.spec import Comparison, KindSpec, TruthMismatch, is_number, mismatch
from quizzer.outcome import TensorData, Value, ValueType

Number = bool | int | float | complex


@dataclass(frozen=True)
class TypedTensor:
    """A tensor as typed: shape, values in row-major order, and its dtype (typed or inferred)."""

    shape: Shape
    values: tuple[Number, ...]
    dtype: str
    dtype_typed: bool


def parse_tensor(text: str) -> TypedTensor | None:
    """Read nested lists, a number, or a ``tensor(...)`` repr; None if unreadable or ragged."""
    try:
        parsed = parse_literal(text)
    except LiteralError:
        return None
    literal = parsed if isinstance(parsed, TensorLiteral) else TensorLiteral(parsed)
    layout = _layout(literal.data)
    if layout is None:
        return None
    shape, values = layout
    if literal.size is not None:
        if values or math.prod(literal.size) != 0:
            return None
        shape = literal.size
    dtype = literal.dtype or infer_dtype(values)
    return TypedTensor(shape, tuple(values), dtype, literal.dtype is not None)


def infer_dtype(values: list[Number] | tuple[Number, ...]) -> str:
    """The dtype torch.tensor would give these values with default settings."""
    if any(isinstance(v, complex) for v in values):
        return "complex64"
    if any(isinstance(v, float) for v in values) or not values:
        return "float32"
    return "bool" if all(isinstance(v, bool) for v in values) else "int64"


def tensor_truth(value: Value) -> TensorData:
    """A tensor value with its values kept by the worker."""
    if value.type is not ValueType.TENSOR or not isinstance(value.data, TensorData):
        raise mismatch(value, "a tensor")
    if value.data.truncated or value.data.values is None:
        raise TruthMismatch(
            f"the truth has {math.prod(value.data.shape)} elements, too many to keep its values: "
            "ask for its shape, or use a smaller tensor"
        )
    flat_values(value.data)  # checks the values have the tensor's shape
    return value.data


def flat_values(tensor: TensorData) -> list[Number]:
    """A tensor's values in row-major order (complex values may be stored as ``[real, imag]``).

    Raises TruthMismatch when the nested values do not have the tensor's shape.
    """
    out: list[Number] = []

    def walk(node: Any, depth: int) -> None:
        if depth == len(tensor.shape):
            out.append(complex(*node) if isinstance(node, list | tuple) else node)
            return
        if not isinstance(node, list | tuple) or len(node) != tensor.shape[depth]:
            raise TruthMismatch(f"the tensor's values do not have its shape {format_shape(tensor.shape)}")
        for item in node:
            walk(item, depth + 1)

    walk(tensor.values, 0)
    return out


def compare_tensors(
    answer: TypedTensor, truth: TensorData, *, compare_dtype: bool = False, decimals: int | None = None
) -> Comparison:
    """Shape, then values (at ``decimals`` when the question states them), then (when asked) dtype."""
    if answer.shape != truth.shape:
        return Comparison(
            False, f"you gave shape {format_shape(answer.shape)}; the truth has shape {format_shape(truth.shape)}"
        )
    values = diff_values(answer.values, flat_values(truth), truth.shape, truth.dtype, decimals)
    problems = [values] if values else []
    if compare_dtype and answer.dtype != truth.dtype:
        how = "typed" if answer.dtype_typed else "as torch reads what you typed"
        problems.append(f"your dtype is {answer.dtype} ({how}); the truth's is {truth.dtype}")
    if problems:
        return Comparison(False, "; ".join(problems))
    note = (
        f"dtype not checked: the truth is {truth.dtype}" if answer.dtype_typed and answer.dtype != truth.dtype else ""
    )
    return Comparison(True, note=note)


def diff_values(
    answer: tuple[Number, ...] | list[Number],
    truth: list[Number],
    shape: Shape,
    dtype: str,
    decimals: int | None = None,
) -> str | None:
    """None when all values match, else how many differ and the first one."""
    differ = [i for i, (a, t) in enumerate(zip(answer, truth, strict=True)) if not close(a, t, dtype, decimals)]
    if not differ:
        return None
    first = differ[0]
    typed, true = format_number(answer[first], "float64"), format_number(truth[first], dtype)
    if not shape:
        return f"you gave {typed}; the truth is {true}"
    count = "1 value differs, at" if len(differ) == 1 else f"{len(differ)} values differ, first at"
    return f"{count} [{', '.join(map(str, _index(first, shape)))}]: {typed} vs {true}"


def render_tensor(truth: TensorData) -> str:
    """The tensor as nested lists, in ``tensor(..., dtype=...)`` when its dtype is not the inferred one."""
    values = flat_values(truth)
    keywords = []
    if values:
        body = _nested(iter(values), truth.shape, truth.dtype)
    else:
        body = "[]"
        if truth.shape != (0,):
            keywords.append(f"size={format_shape(truth.shape)}")
    if infer_dtype(values) != truth.dtype:
        keywords.append(f"dtype=torch.{truth.dtype}")
    return f"tensor({', '.join([body, *keywords])})" if keywords else body


def show_tensor(answer: TypedTensor) -> str:
    """A typed tensor, normalised like ``render_tensor``."""
    return render_tensor(TensorData(answer.shape, answer.dtype, "", values=_nest(list(answer.values), answer.shape)))


def _layout(data: Any) -> tuple[Shape, list[Number]] | None:
    """Shape and row-major values of nested lists/tuples of numbers; None if ragged or not numbers."""
    if isinstance(data, bool) or is_number(data):
        return (), [data]
    if not isinstance(data, list | tuple):
        return None
    if not data:
        return (0,), []
    inner: Shape | None = None
    values: list[Number] = []
    for item in data:
        part = _layout(item)
        if part is None or (inner is not None and part[0] != inner):
            return None
        inner = part[0]
        values.extend(part[1])
    return (len(data), *(inner or ())), values


def _nested(values: Any, shape: Shape, dtype: str) -> str:
    if not shape:
        value = next(values)
        return format_number(float(value) if type(value) is int and is_floating(dtype) else value, dtype)
    inner = partial(_nested, values, shape[1:], dtype)
    return "[" + ", ".join(inner() for _ in range(shape[0])) + "]"


def _nest(values: list[Number], shape: Shape) -> Any:
    if not shape:
        return values[0]
    step = len(values) // shape[0] if shape[0] else 0
    return [_nest(values[i * step : (i + 1) * step], shape[1:]) for i in range(shape[0])]


def _index(flat: int, shape: Shape) -> list[int]:
    index = []
    for dim in reversed(shape):
        flat, rest = divmod(flat, dim)
        index.append(rest)
    return index[::-1]


def tensor_spec(compare_dtype: bool, decimals: int | None = None) -> KindSpec[TypedTensor, TensorData]:
    """The tensor kind, comparing dtypes or not, values at ``decimals`` when given."""
    compare = partial(compare_tensors, compare_dtype=compare_dtype, decimals=decimals)
    return KindSpec(parse_tensor, tensor_truth, compare, show_tensor, render_tensor)
