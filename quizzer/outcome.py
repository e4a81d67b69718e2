"""Outcome: the plain-data result of running one snippet, shared by engine, grader and store.

Workers build outcomes from live torch objects; everything else (grader, check, store,
TUI) only ever sees these dataclasses, so nothing outside a worker needs torch. An
outcome round-trips through ``to_dict``/``from_dict`` as strict JSON: non-finite floats
are written as the strings ``"nan"``, ``"inf"`` and ``"-inf"``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """How a snippet ended."""

    VALUE = "value"  # `answer` evaluated to a value
    EXCEPTION = "exception"  # setup or answer raised
    TIMEOUT = "timeout"  # ran past its time limit (soft or hard)
    CRASHED = "crashed"  # the worker died: signal, exit code, os._exit ...
    OUT_OF_MEMORY = "out_of_memory"  # hit the memory cap
    OUTPUT_TOO_LARGE = "output_too_large"  # flooded stdout/stderr past the cap


class ValueType(StrEnum):
    """What kind of Python object a value outcome holds."""

    SHAPE = "shape"  # torch.Size; data: list[int]
    DTYPE = "dtype"  # torch.dtype; data: canonical name without "torch.", e.g. "float32"
    DEVICE = "device"  # torch.device; data: str(device), e.g. "cpu", "cuda:0"
    BOOL = "bool"  # data: bool
    INT = "int"  # data: int
    FLOAT = "float"  # data: float (non-finite encoded in JSON, see module doc)
    COMPLEX = "complex"  # data: [real, imag]
    STR = "str"  # data: str
    NONE = "none"  # data: None
    LITERAL = "literal"  # list/tuple/dict/set of literals; data: None, use `repr`
    TENSOR = "tensor"  # data: TensorData
    OBJECT = "object"  # anything else; data: None, `repr` and `type_name` describe it


@dataclass(frozen=True)
class TensorData:
    """A tensor summarised without torch: metadata plus values up to a bound."""

    shape: tuple[int, ...]
    dtype: str  # canonical name, e.g. "float32"
    device: str  # e.g. "cpu", "cuda:0"
    requires_grad: bool = False
    values: Any = None  # nested lists of numbers (bool/int/float); None when truncated
    truncated: bool = False  # more elements than the bound: `values` is None

    def to_dict(self) -> dict[str, Any]:
        """Strict-JSON form."""
        return {
            "shape": list(self.shape),
            "dtype": self.dtype,
            "device": self.device,
            "requires_grad": self.requires_grad,
            "values": _encode_floats(self.values),
            "truncated": self.truncated,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TensorData:
        """Inverse of ``to_dict``."""
        return cls(
            shape=tuple(data["shape"]),
            dtype=data["dtype"],
            device=data["device"],
            requires_grad=bool(data.get("requires_grad", False)),
            values=_decode_floats(data.get("values")),
            truncated=bool(data.get("truncated", False)),
        )


@dataclass(frozen=True)
class Value:
    """A snippet's value: its type, Python repr, and type-specific plain data."""

    type: ValueType
    repr: str
    data: Any = None
    type_name: str = ""  # qualified Python type, e.g. "torch.Size", "builtins.tuple"

    def to_dict(self) -> dict[str, Any]:
        """Strict-JSON form."""
        data = self.data.to_dict() if isinstance(self.data, TensorData) else _encode_floats(self.data)
        return {"type": self.type.value, "repr": self.repr, "data": data, "type_name": self.type_name}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Value:
        """Inverse of ``to_dict``."""
        vtype = ValueType(data["type"])
        raw = data.get("data")
        payload: Any
        if vtype is ValueType.TENSOR and raw is not None:
            payload = TensorData.from_dict(raw)
        elif vtype in (ValueType.FLOAT, ValueType.COMPLEX):
            payload = _decode_floats(raw)
        else:
            payload = raw
        return cls(type=vtype, repr=data["repr"], data=payload, type_name=data.get("type_name", ""))


@dataclass(frozen=True)
class ExceptionInfo:
    """An exception raised by a snippet, described by names only."""

    name: str  # class name, e.g. "OutOfMemoryError"
    qualname: str  # module-qualified, e.g. "torch.OutOfMemoryError"
    message: str
    mro: tuple[str, ...] = ()  # class names of the MRO after the class itself, e.g. ("RuntimeError", "Exception", ...)
    section: str = ""  # which snippet raised: "prelude", "setup", "answer", "rule", "code"
    line: int = 0  # 1-based line within that snippet, 0 if unknown

    def to_dict(self) -> dict[str, Any]:
        """Strict-JSON form."""
        return {
            "name": self.name,
            "qualname": self.qualname,
            "message": self.message,
            "mro": list(self.mro),
            "section": self.section,
            "line": self.line,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExceptionInfo:
        """Inverse of ``to_dict``."""
        return cls(
            name=data["name"],
            qualname=data.get("qualname", data["name"]),
            message=data.get("message", ""),
            mro=tuple(data.get("mro", ())),
            section=data.get("section", ""),
            line=int(data.get("line", 0)),
        )


@dataclass(frozen=True)
class Provenance:
    """Where an outcome was computed."""

    torch: str = ""  # torch.__version__
    device: str = ""  # e.g. "cpu", "cuda:0 (NVIDIA H100 80GB HBM3)"
    python: str = ""  # platform.python_version()

    def to_dict(self) -> dict[str, Any]:
        """Strict-JSON form."""
        return {"torch": self.torch, "device": self.device, "python": self.python}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Provenance:
        """Inverse of ``to_dict``."""
        return cls(torch=data.get("torch", ""), device=data.get("device", ""), python=data.get("python", ""))


@dataclass(frozen=True)
class Outcome:
    """The ground truth of one run: a value, an exception, or why neither came back."""

    status: Status
    value: Value | None = None  # set when status is VALUE
    exception: ExceptionInfo | None = None  # set when status is EXCEPTION
    detail: str = ""  # human explanation for TIMEOUT/CRASHED/OUT_OF_MEMORY/OUTPUT_TOO_LARGE
    output: str = ""  # captured stdout+stderr of the snippet, capped
    warnings: tuple[str, ...] = ()  # "Category: message" for each warning raised
    provenance: Provenance = field(default_factory=Provenance)
    elapsed_s: float = 0.0

    @property
    def ran(self) -> bool:
        """True when the snippet produced a truth (a value or an exception)."""
        return self.status in (Status.VALUE, Status.EXCEPTION)

    def summary(self) -> str:
        """One line for reports: the value's repr, ``Name: message``, or the failure."""
        if self.status is Status.VALUE and self.value is not None:
            return self.value.repr
        if self.status is Status.EXCEPTION and self.exception is not None:
            return f"{self.exception.name}: {self.exception.message}".rstrip(": ")
        return f"{self.status.value}: {self.detail}" if self.detail else self.status.value

    def to_dict(self) -> dict[str, Any]:
        """Strict-JSON form."""
        return {
            "status": self.status.value,
            "value": self.value.to_dict() if self.value else None,
            "exception": self.exception.to_dict() if self.exception else None,
            "detail": self.detail,
            "output": self.output,
            "warnings": list(self.warnings),
            "provenance": self.provenance.to_dict(),
            "elapsed_s": self.elapsed_s,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Outcome:
        """Inverse of ``to_dict``."""
        return cls(
            status=Status(data["status"]),
            value=Value.from_dict(data["value"]) if data.get("value") else None,
            exception=ExceptionInfo.from_dict(data["exception"]) if data.get("exception") else None,
            detail=data.get("detail", ""),
            output=data.get("output", ""),
            warnings=tuple(data.get("warnings", ())),
            provenance=Provenance.from_dict(data.get("provenance", {})),
            elapsed_s=float(data.get("elapsed_s", 0.0)),
        )


_NONFINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def _encode_floats(obj: Any) -> Any:
    """Replace non-finite floats in nested lists by their string names."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return "nan" if math.isnan(obj) else ("inf" if obj > 0 else "-inf")
    if isinstance(obj, (list, tuple)):
        return [_encode_floats(item) for item in obj]
    return obj


def _decode_floats(obj: Any) -> Any:
    """Inverse of ``_encode_floats`` for numeric payloads (lists of numbers, one float)."""
    if isinstance(obj, str) and obj in _NONFINITE:
        return _NONFINITE[obj]
    if isinstance(obj, list):
        return [_decode_floats(item) for item in obj]
    return obj
