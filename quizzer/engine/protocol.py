"""Messages between the parent and a worker: JSON documents over a dedicated Connection.

The parent and each worker talk only through a ``multiprocessing`` Connection that
carries UTF-8 JSON (``send_bytes``/``recv_bytes``), never pickles, so a snippet's
objects cannot travel and nothing a snippet prints can be mistaken for a message: the
worker's fds 1 and 2 point at its output capture, not at this channel.

Worker -> parent, once at start-up, one of::

    {"ready": {"device": "cpu", "provenance": {...}}}
    {"unavailable": "cuda requested but ..."}
    {"failed": "traceback text"}

Parent -> worker, per job: ``{"job": Job.to_dict(), "timeout_s": 10.0}``.
Worker -> parent, per job: ``{"outcome": Outcome.to_dict(), "retire": "reason or empty"}``.
A worker that answers with a non-empty ``retire`` exits; the parent replaces it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

MAX_MESSAGE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class WorkerConfig:
    """What a worker process is started with (pickled once, by multiprocessing)."""

    device: str  # "cpu", "cuda", "cuda:N", "mps" or "auto"
    num_threads: int  # torch intra-op threads
    memory_limit: int | None  # RLIMIT_DATA in bytes, None for no cap
    probe_only: bool = False  # resolve the device, report it, exit


def encode(message: dict[str, Any]) -> bytes:
    """One message as strict JSON bytes."""
    return json.dumps(message, separators=(",", ":"), allow_nan=False).encode()


def decode(data: bytes) -> dict[str, Any]:
    """Inverse of ``encode``; raises ValueError on anything but a JSON object."""
    message = json.loads(data)
    if not isinstance(message, dict):
        raise ValueError(f"expected a JSON object, got {type(message).__name__}")
    return message
