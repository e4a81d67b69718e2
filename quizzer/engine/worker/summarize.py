"""Worker-only: turn a live Python/torch/numpy object into a plain-data ``Value``.

Mapping (``repr`` is always ``repr(obj)``, capped at ``REPR_MAX_CHARS``; ``type_name`` is
the object's ``module.qualname``):

- ``torch.Tensor`` (any subclass, 0-d included) -> TENSOR with ``TensorData``: shape, dtype
  name (``"float32"``), device (``"cpu"``, ``"cuda:0"``), ``requires_grad``, and values as
  nested lists (a bare number for 0-d) when ``numel <= TENSOR_VALUES_MAX``, else
  ``truncated=True``. Complex values are ``[real, imag]`` pairs (an extra last dimension);
  sparse and quantized tensors are densified; tensors without readable data (meta, fake)
  have ``values=None`` and ``truncated=False``.
- ``numpy.ndarray`` -> TENSOR the same way, with the numpy dtype name (``"int64"``) and
  device ``"numpy"``; arrays of non-numeric dtypes have ``values=None``.
- ``torch.Size`` -> SHAPE (list of ints); ``torch.dtype`` -> DTYPE (``"float32"``);
  ``torch.device`` -> DEVICE (``"cuda:0"``).
- ``None``, bool, int, float, complex, str (and numpy scalars of those kinds) -> NONE, BOOL,
  INT, FLOAT, COMPLEX (``[real, imag]``), STR.
- Exactly list/tuple/dict/set/frozenset/bytes built only of literals -> LITERAL, whose repr
  ``ast.literal_eval`` reads back (except non-finite floats and frozenset).
- Everything else -> OBJECT with its repr: containers holding tensors or sizes,
  ``torch.return_types`` results of max/sort/topk..., namedtuples, modules. A LITERAL whose
  repr had to be cut is reported as OBJECT too.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import torch

from quizzer.engine.limits import REPR_MAX_CHARS, TENSOR_VALUES_MAX
from quizzer.outcome import TensorData, Value, ValueType

_LITERAL_ATOMS = (bool, int, float, complex, str, bytes, type(None))
_LITERAL_CONTAINERS = (list, tuple, set, frozenset)
_LITERAL_MAX_ITEMS = 10_000
_INT_MAX_BITS = 12_000  # about 3600 decimal digits, under Python's 4300-digit int/str limit


def summarize(obj: Any) -> Value:
    """Describe ``obj`` as a ``Value`` (never raises for a misbehaving object)."""
    type_name = qualified_name(type(obj))
    if isinstance(obj, torch.Tensor):
        data = _tensor_data(obj)
        if data is not None:
            return Value(ValueType.TENSOR, safe_repr(obj), data, type_name)
        return Value(ValueType.OBJECT, safe_repr(obj), None, type_name)
    if isinstance(obj, torch.Size):
        return Value(ValueType.SHAPE, safe_repr(obj), [int(d) for d in obj], type_name)
    if isinstance(obj, torch.dtype):
        return Value(ValueType.DTYPE, safe_repr(obj), str(obj).removeprefix("torch."), type_name)
    if isinstance(obj, torch.device):
        return Value(ValueType.DEVICE, safe_repr(obj), str(obj), type_name)
    numpy_value = _numpy_value(obj, type_name)
    if numpy_value is not None:
        return numpy_value
    scalar = _scalar(obj)
    if scalar is not None:
        vtype, data = scalar
        return Value(vtype, safe_repr(obj), data, type_name)
    text, complete = _repr(obj)
    if complete and _is_literal(obj, [_LITERAL_MAX_ITEMS]):
        return Value(ValueType.LITERAL, text, None, type_name)
    return Value(ValueType.OBJECT, text, None, type_name)


def qualified_name(cls: type) -> str:
    """``module.qualname`` of a class, e.g. ``torch.Size`` or ``builtins.tuple``."""
    return f"{getattr(cls, '__module__', '?')}.{getattr(cls, '__qualname__', cls.__name__)}"


def safe_repr(obj: Any) -> str:
    """``repr(obj)`` capped at ``REPR_MAX_CHARS``, or a placeholder when repr raises."""
    return _repr(obj)[0]


def _repr(obj: Any) -> tuple[str, bool]:
    """``safe_repr(obj)``, and whether it is the whole, real repr."""
    try:
        text = repr(obj)
    except Exception as exc:
        return f"<{qualified_name(type(obj))} object; repr raised {type(exc).__name__}>", False
    return cap(text), len(text) <= REPR_MAX_CHARS


_TERMINAL_CODES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f]"
)


def plain_text(text: str) -> str:
    """``text`` without terminal escape sequences and control characters (newlines and tabs stay).

    torch writes some messages with bold escapes (``torch.load``), and a hostile deck could
    write any: they would reach JSON output, the database and Anki fields as raw bytes.
    """
    return _TERMINAL_CODES.sub("", text)


def cap(text: str, limit: int = REPR_MAX_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... [{len(text)} characters in all]"


def _scalar(obj: Any) -> tuple[ValueType, Any] | None:
    """Value type and plain data of a Python scalar or string, else None."""
    if obj is None:
        return ValueType.NONE, None
    if isinstance(obj, bool):
        return ValueType.BOOL, bool(obj)
    if isinstance(obj, int):
        if obj.bit_length() > _INT_MAX_BITS:  # str() and JSON may refuse it: an OBJECT instead
            return None
        return ValueType.INT, int(obj)
    if isinstance(obj, float):
        return ValueType.FLOAT, float(obj)
    if isinstance(obj, complex):
        return ValueType.COMPLEX, [obj.real, obj.imag]
    if isinstance(obj, str):
        return ValueType.STR, cap(str(obj))
    return None


def _is_literal(obj: Any, budget: list[int]) -> bool:
    """Whether ``obj`` is built only of exact literal types, within an item budget."""
    budget[0] -= 1
    if budget[0] < 0:
        return False
    kind = type(obj)
    if kind in _LITERAL_ATOMS:
        return True
    if kind in _LITERAL_CONTAINERS:
        return all(_is_literal(item, budget) for item in obj)
    if kind is dict:
        return all(_is_literal(key, budget) and _is_literal(item, budget) for key, item in obj.items())
    return False


def _tensor_data(tensor: torch.Tensor) -> TensorData | None:
    """TensorData of a torch tensor, or None when even its metadata cannot be read."""
    try:
        shape = tuple(int(d) for d in tensor.shape)
        numel = tensor.numel()
        data = TensorData(
            shape=shape,
            dtype=str(tensor.dtype).removeprefix("torch."),
            device=str(tensor.device),
            requires_grad=bool(tensor.requires_grad),
        )
    except Exception:
        return None
    if numel > TENSOR_VALUES_MAX:
        return TensorData(data.shape, data.dtype, data.device, data.requires_grad, None, truncated=True)
    return TensorData(data.shape, data.dtype, data.device, data.requires_grad, _tensor_values(tensor))


def _tensor_values(tensor: torch.Tensor) -> Any:
    """Nested lists of a small tensor's values, or None when they cannot be read."""
    try:
        if tensor.device.type == "meta":
            return None
        values = tensor.detach()
        if values.is_quantized:
            values = values.dequantize()
        if values.layout != torch.strided:
            values = values.to_dense()
        values = values.cpu().resolve_conj().resolve_neg()
        if values.is_complex():
            values = torch.view_as_real(values)
        try:
            return values.tolist()
        except (RuntimeError, TypeError):  # float8 and other dtypes without a Python scalar
            return values.to(torch.float64).tolist()
    except Exception:
        return None


def _numpy_value(obj: Any, type_name: str) -> Value | None:
    """Value of a numpy array or numpy scalar, else None (numpy is never imported here)."""
    np = sys.modules.get("numpy")
    if np is None:
        return None
    if isinstance(obj, np.ndarray):
        values = None
        if obj.size <= TENSOR_VALUES_MAX and obj.dtype.kind in "biuf":
            values = obj.tolist()
        elif obj.size <= TENSOR_VALUES_MAX and obj.dtype.kind == "c":
            values = np.stack([obj.real, obj.imag], axis=-1).tolist()
        data = TensorData(
            shape=tuple(int(d) for d in obj.shape),
            dtype=str(obj.dtype),
            device="numpy",
            values=values,
            truncated=obj.size > TENSOR_VALUES_MAX,
        )
        return Value(ValueType.TENSOR, safe_repr(obj), data, type_name)
    if isinstance(obj, np.generic):
        item = obj.item()
        scalar = _scalar(item) if isinstance(item, _LITERAL_ATOMS) else None
        if scalar is not None:
            vtype, data = scalar
            return Value(vtype, safe_repr(obj), data, type_name)
    return None
