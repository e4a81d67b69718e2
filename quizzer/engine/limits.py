"""Default limits of the execution engine, and ``parse_size`` for memory caps typed by people."""

from __future__ import annotations

import math
import re

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB

DEFAULT_TIMEOUT_S = 10.0
"""Time a job may run when neither the job nor the pool says otherwise."""

HARD_KILL_GRACE_S = 0.5
"""Extra time the parent waits past a job's timeout before it kills the worker."""

START_TIMEOUT_S = 120.0
"""Time a worker may take to import torch and open its device before start-up fails."""

DEFAULT_MEMORY_LIMIT = 4 * GIB
"""A sensible ``memory_limit`` (memory a job may add) for callers that want one; ``WorkerPool`` defaults to none."""

LEARNER_MEMORY_LIMIT = 1 * GIB
"""Memory a learner's own code (a ``code`` answer) may add in the worker: a quiz answer needs far less."""

OUTPUT_KEEP_BYTES = 64 * KIB
"""Captured stdout+stderr kept in an outcome; the rest is counted, then dropped."""

OUTPUT_HARD_CAP_BYTES = 1 * MIB
"""Past this much output a job is stopped and reported as OUTPUT_TOO_LARGE."""

TENSOR_VALUES_MAX = 10_000
"""Tensors with more elements than this are summarised without their values."""

REPR_MAX_CHARS = 8_192
"""Longest repr, exception message or string value kept in an outcome."""

_UNITS = {
    "": 1,
    "b": 1,
    "k": KIB,
    "kb": KIB,
    "kib": KIB,
    "m": MIB,
    "mb": MIB,
    "mib": MIB,
    "g": GIB,
    "gb": GIB,
    "gib": GIB,
    "t": 1024 * GIB,
    "tb": 1024 * GIB,
    "tib": 1024 * GIB,
}
_SIZE = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-zA-Z]*)\s*")


def parse_size(text: str | int) -> int:
    """Parse a byte count such as ``"2G"``, ``"512M"``, ``"1.5GiB"`` or ``"100000"``.

    Units are case-insensitive and binary, as in ``ulimit`` and ``docker -m``: K/KB/KiB
    mean 1024 bytes, M/MB/MiB 1024**2, G/GB/GiB 1024**3, T/TB/TiB 1024**4; no unit means
    bytes. Raises ValueError on anything else.
    """
    if isinstance(text, bool):
        raise ValueError(f"invalid size {text!r}: expected a number of bytes or a string such as 512M")
    if isinstance(text, int):
        if text < 0:
            raise ValueError(f"invalid size {text!r}: a size cannot be negative")
        return text
    match = _SIZE.fullmatch(text) if isinstance(text, str) else None
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in _UNITS:
        raise ValueError(
            f"invalid size {text!r}: expected a number with an optional unit "
            "(B, K, M, G, T, optionally followed by B or iB), e.g. 512M, 2G, 1.5GiB or 100000"
        )
    size = float(match.group(1)) * _UNITS[unit]
    if not math.isfinite(size):
        raise ValueError(f"invalid size {text!r}: too large")
    return int(size)
