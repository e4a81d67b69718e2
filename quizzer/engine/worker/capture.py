"""Worker-only: capture a job's stdout and stderr, Python-level and C-level, with caps.

At start-up the worker points fds 1 and 2 at one pipe (so output interleaves in the order
it was written) and fd 0 at ``/dev/null``. A reader thread drains the pipe: it keeps the
first ``keep_bytes`` of a job's output, counts the rest, and calls ``on_overflow`` once
the count passes ``hard_cap`` (the worker then stops the job). The end of a job is found
by writing a random marker through the same pipe after flushing Python's and C's stdio
buffers, so no byte is attributed to the wrong job and a snippet cannot forge the marker.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

_END_WAIT_S = 5.0


@dataclass(frozen=True)
class Captured:
    """One job's output: the kept text, how many bytes were written, and whether it hit the cap."""

    text: str
    total_bytes: int
    overflowed: bool


class OutputCapture:
    """Owns fds 0/1/2 of the worker and the reader thread that drains them."""

    def __init__(self, keep_bytes: int, hard_cap: int, on_overflow: Callable[[], None]) -> None:
        self._keep = keep_bytes
        self._hard_cap = hard_cap
        self._on_overflow = on_overflow
        self._read_fd, self._write_fd = os.pipe()
        self._null_fd = os.open(os.devnull, os.O_RDONLY)
        self._libc = ctypes.CDLL(None)
        self._cond = threading.Condition()
        self._active = False
        self._buffer = bytearray()
        self._total = 0
        self._overflowed = False
        self._marker = b""
        self._streams: list[io.TextIOWrapper] = []
        self._attach()
        threading.Thread(target=self._pump, name="quizzer-output", daemon=True).start()

    def _attach(self) -> None:
        """(Re)point fds 0/1/2 and ``sys.stdin/stdout/stderr`` at the capture, undoing any snippet's changes."""
        os.dup2(self._null_fd, 0)
        os.dup2(self._write_fd, 1)
        os.dup2(self._write_fd, 2)
        if not self._streams or any(stream.closed for stream in self._streams):
            self._streams = [
                open(0, encoding="utf-8", closefd=False),  # noqa: SIM115 - closefd=False: the fds stay ours
                open(1, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False),  # noqa: SIM115
                open(2, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False),  # noqa: SIM115
            ]
        sys.stdin, sys.stdout, sys.stderr = self._streams

    def begin(self) -> None:
        """Start attributing output to a new job."""
        with self._cond:
            self._buffer.clear()
            self._total = 0
            self._overflowed = False
            self._active = True
        self._attach()

    def end(self) -> Captured:
        """Flush every stdio layer, wait until the reader has seen all of the job's bytes, and return them."""
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        self._libc.fflush(None)
        marker = os.urandom(16).hex().encode()
        with self._cond:
            self._marker = marker
        os.write(self._write_fd, marker)
        with self._cond:
            self._cond.wait_for(lambda: not self._active, timeout=_END_WAIT_S)
            self._active = False
            self._marker = b""
            kept = bytes(self._buffer)
            total, overflowed = self._total, self._overflowed
        text = kept.decode("utf-8", errors="replace")
        if total > len(kept):
            text += f"\n[output truncated: {total} bytes in all, first {len(kept)} kept]"
        return Captured(text=text, total_bytes=total, overflowed=overflowed)

    def _pump(self) -> None:
        """Reader thread: drain the pipe, split it at end markers, keep and count bytes."""
        pending = b""
        while True:
            try:
                chunk = os.read(self._read_fd, 1 << 16)
            except InterruptedError:
                continue
            except OSError:
                return
            if not chunk:
                return
            with self._cond:
                data, pending = pending + chunk, b""
                marker = self._marker
                if marker:
                    cut = data.find(marker)
                    if cut >= 0:
                        self._take(data[:cut])
                        self._active = False
                        self._marker = b""
                        self._cond.notify_all()
                        continue  # what follows the marker comes from leftover threads: dropped
                    hold = min(len(marker) - 1, len(data))
                    data, pending = data[: len(data) - hold], data[len(data) - hold :]
                self._take(data)

    def _take(self, data: bytes) -> None:
        """Account for bytes of the active job (called with the lock held)."""
        if not self._active or not data:
            return
        room = self._keep - len(self._buffer)
        if room > 0:
            self._buffer += data[:room]
        self._total += len(data)
        if self._total > self._hard_cap and not self._overflowed:
            self._overflowed = True
            self._on_overflow()
