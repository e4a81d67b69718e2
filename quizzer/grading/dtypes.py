"""Torch dtype names without torch: canonical names, the aliases learners type, tolerances.

Torch's meaning wins over numpy's: ``float`` is float32 and ``int`` is int32, as in
``torch.float`` and ``torch.int`` (numpy reads ``float`` as float64).
"""

from __future__ import annotations

import re

# Canonical names, as ``str(dtype)`` prints them without ``torch.``.
FLOATING = (
    "float16", "bfloat16", "float32", "float64",
    "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2", "float8_e5m2fnuz", "float8_e8m0fnu",
    "float4_e2m1fn_x2",
)  # fmt: skip
COMPLEX = ("complex32", "complex64", "complex128")
INTEGER = (
    "uint8", "int8", "int16", "int32", "int64", "uint16", "uint32", "uint64",
    *(f"int{bits}" for bits in range(1, 8)), *(f"uint{bits}" for bits in range(1, 8)),
)  # fmt: skip
OTHER = (
    "bool",
    "qint8",
    "quint8",
    "qint32",
    "quint4x2",
    "quint2x4",
    "bits1x8",
    "bits2x4",
    "bits4x2",
    "bits8",
    "bits16",
)
CANONICAL = (*FLOATING, *COMPLEX, *INTEGER, *OTHER)

# Alias -> canonical name, keys case-folded. Torch's own aliases come first, then the
# short forms people write (f32, bf16, i64 ...) and the legacy tensor type names.
ALIASES: dict[str, str] = {
    "float": "float32", "double": "float64", "half": "float16",
    "cfloat": "complex64", "cdouble": "complex128", "chalf": "complex32",
    "long": "int64", "int": "int32", "short": "int16", "char": "int8", "byte": "uint8", "bit": "uint1",
    "f16": "float16", "fp16": "float16", "f32": "float32", "fp32": "float32", "f64": "float64", "fp64": "float64",
    "bf16": "bfloat16",
    "i8": "int8", "i16": "int16", "i32": "int32", "i64": "int64",
    "u8": "uint8", "u16": "uint16", "u32": "uint32", "u64": "uint64",
    "c32": "complex32", "c64": "complex64", "c128": "complex128",
    "floattensor": "float32", "doubletensor": "float64", "halftensor": "float16", "bfloat16tensor": "bfloat16",
    "longtensor": "int64", "inttensor": "int32", "shorttensor": "int16", "chartensor": "int8",
    "bytetensor": "uint8", "booltensor": "bool",
}  # fmt: skip

# torch.testing.assert_close defaults (rtol, atol); every dtype not listed compares exactly.
_TOLERANCES: dict[str, tuple[float, float]] = {
    "float16": (1e-3, 1e-5),
    "bfloat16": (1.6e-2, 1e-5),
    "float32": (1.3e-6, 1e-5),
    "float64": (1e-7, 1e-7),
    "complex32": (1e-3, 1e-5),
    "complex64": (1.3e-6, 1e-5),
    "complex128": (1e-7, 1e-7),
    "qint8": (1.3e-6, 1e-5),
    "quint8": (1.3e-6, 1e-5),
    "qint32": (1.3e-6, 1e-5),
    "quint4x2": (1.3e-6, 1e-5),
    "quint2x4": (1.3e-6, 1e-5),
}

_PREFIX = re.compile(r"^(?:torch\.)?(?:cuda\.)?", re.IGNORECASE)
_LOOKUP = {name: name for name in CANONICAL} | ALIASES


def canonical_dtype(text: str) -> str | None:
    """The canonical name of a typed dtype (``torch.long`` -> ``int64``), or None if unknown."""
    name = _PREFIX.sub("", text.strip(), count=1).strip().casefold()
    return _LOOKUP.get(name)


def tolerance(dtype: str) -> tuple[float, float]:
    """``(rtol, atol)`` that torch.testing.assert_close uses by default for ``dtype``."""
    return _TOLERANCES.get(dtype, (0.0, 0.0))


def is_floating(dtype: str) -> bool:
    """True for the real floating-point dtypes."""
    return dtype in FLOATING


def real_part(dtype: str) -> str:
    """The dtype of a complex dtype's real and imaginary parts; other dtypes unchanged."""
    return {"complex32": "float16", "complex64": "float32", "complex128": "float64"}.get(dtype, dtype)
