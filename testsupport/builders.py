"""Outcome builders and hypothesis strategies for the grading tests."""

from __future__ import annotations

import math
import struct
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from quizzer.outcome import ExceptionInfo, Outcome, Status, TensorData, Value, ValueType

PROPERTY = settings(deadline=None, max_examples=150)

RUNTIME_MRO = ("RuntimeError", "Exception", "BaseException", "object")


def value(vtype: ValueType | str, repr_: str, data: Any = None, type_name: str = "") -> Outcome:
    """A VALUE outcome."""
    return Outcome(Status.VALUE, value=Value(ValueType(vtype), repr_, data, type_name))


def shape(*dims: int) -> Outcome:
    """A torch.Size truth."""
    return value(ValueType.SHAPE, f"torch.Size({list(dims)})", list(dims), "torch.Size")


def dtype(name: str) -> Outcome:
    """A torch.dtype truth."""
    return value(ValueType.DTYPE, f"torch.{name}", name, "torch.dtype")


def number(x: int | float | bool) -> Outcome:
    """A Python bool, int or float truth."""
    vtype = ValueType.BOOL if isinstance(x, bool) else ValueType.INT if isinstance(x, int) else ValueType.FLOAT
    return value(vtype, repr(x), x, f"builtins.{type(x).__name__}")


def text(s: str) -> Outcome:
    """A str truth."""
    return value(ValueType.STR, repr(s), s, "builtins.str")


def literal(obj: Any) -> Outcome:
    """A LITERAL truth (list, tuple, dict ...)."""
    return value(ValueType.LITERAL, repr(obj), None, f"builtins.{type(obj).__name__}")


def tensor(
    values: Any,
    dtype_: str = "float32",
    shape_: tuple[int, ...] | None = None,
    *,
    repr_: str = "tensor(...)",
    truncated: bool = False,
) -> Outcome:
    """A TENSOR truth; the shape is inferred from nested lists unless given."""
    dims = shape_ if shape_ is not None else _infer_shape(values)
    data = TensorData(dims, dtype_, "cpu", values=None if truncated else values, truncated=truncated)
    return value(ValueType.TENSOR, repr_, data, "torch.Tensor")


def raised(name: str, message: str = "", mro: tuple[str, ...] = RUNTIME_MRO, qualname: str = "") -> Outcome:
    """An EXCEPTION outcome."""
    return Outcome(Status.EXCEPTION, exception=ExceptionInfo(name, qualname or name, message, mro))


def failed(status: Status, detail: str = "") -> Outcome:
    """An outcome with no truth (timeout, crash ...)."""
    return Outcome(status, detail=detail)


def _infer_shape(values: Any) -> tuple[int, ...]:
    dims = []
    while isinstance(values, list):
        dims.append(len(values))
        values = values[0] if values else None
    return tuple(dims)


# -- rounding to a dtype, as a worker's tolist() would give the values


def to_dtype(x: float, name: str) -> float:
    """``x`` rounded to a float dtype (bfloat16 by cutting float32 bits)."""
    if name == "float64" or math.isnan(x) or math.isinf(x):
        return x
    code = {"float32": "<f", "float16": "<e", "bfloat16": "<f"}[name]
    try:
        y = struct.unpack(code, struct.pack(code, x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)
    if name == "bfloat16":
        bits = struct.unpack("<I", struct.pack("<f", y))[0] & 0xFFFF0000
        y = struct.unpack("<f", struct.pack("<I", bits))[0]
    return y


# -- strategies

FLOAT_DTYPES = ("float16", "bfloat16", "float32", "float64")
TENSOR_DTYPES = (*FLOAT_DTYPES, "int64", "int32", "uint8", "bool", "complex64", "complex128")

shapes = st.lists(st.integers(0, 64), max_size=5)
finite_or_not = st.floats(allow_nan=True, allow_infinity=True)


def _element(dtype_: str) -> st.SearchStrategy[Any]:
    if dtype_ == "bool":
        return st.booleans()
    if dtype_ in ("int64", "int32"):
        return st.integers(-(2**31), 2**31 - 1)
    if dtype_ == "uint8":
        return st.integers(0, 255)
    if dtype_.startswith("complex"):
        part = "float32" if dtype_ == "complex64" else "float64"
        return st.tuples(finite_or_not, finite_or_not).map(
            lambda p: complex(to_dtype(p[0], part), to_dtype(p[1], part))
        )
    return finite_or_not.map(lambda x: to_dtype(x, dtype_))


@st.composite
def tensors(draw: st.DrawFn) -> Outcome:
    """Tensor truths of many dtypes and shapes (0-d and empty included), values incl. nan/inf."""
    dtype_ = draw(st.sampled_from(TENSOR_DTYPES))
    dims = tuple(draw(st.lists(st.integers(0, 3), max_size=3)))
    count = math.prod(dims)
    flat = draw(st.lists(_element(dtype_), min_size=count, max_size=count))
    return tensor(_nest(flat, dims), dtype_, dims)


def _nest(flat: list[Any], dims: tuple[int, ...]) -> Any:
    if not dims:
        return flat[0]
    size = len(flat) // dims[0] if dims[0] else 0
    return [_nest(flat[i * size : (i + 1) * size], dims[1:]) for i in range(dims[0])]


literals = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | finite_or_not | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)

exception_names = st.from_regex(r"[A-Z][A-Za-z0-9]{0,12}(Error|Exception|Warning)?", fullmatch=True)
mros = st.sampled_from(
    [
        RUNTIME_MRO,
        ("Exception", "BaseException", "object"),
        ("LookupError", "Exception", "BaseException", "object"),
        ("ValueError", "Exception", "BaseException", "object"),
    ]
)
exceptions = st.builds(
    lambda name, message, mro: raised(name, message, mro, f"torch.{name}"),
    exception_names,
    st.text(max_size=40),
    mros,
)
