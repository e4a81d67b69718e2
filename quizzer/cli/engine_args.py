"""Options shared by the commands that run snippets (check, grade, show, review), and opening the pool.

``--device`` is parsed here, once, into a ``DeviceRequest``: a malformed value ends the
command as a usage error (exit 2) with one line listing the accepted forms, before
anything starts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from quizzer.cli.output import fail
from quizzer.device_request import ACCEPTED, DeviceRequest
from quizzer.exit_codes import ExitCode

if TYPE_CHECKING:
    from quizzer.engine import WorkerPool


def parse_device(text: str | DeviceRequest) -> DeviceRequest:
    """The ``--device`` value as a request; a malformed one exits 2 with the accepted forms."""
    if isinstance(text, DeviceRequest):
        return text
    try:
        return DeviceRequest.parse(text)
    except ValueError:
        fail(f"--device {text}: not a device; use {ACCEPTED}", ExitCode.USAGE)


DeviceOption = Annotated[
    DeviceRequest,
    typer.Option(
        "--device", parser=parse_device, metavar="DEVICE", help=f"{ACCEPTED} (auto: cuda, then mps, then cpu)."
    ),
]
WorkersOption = Annotated[
    int | None, typer.Option("-j", "--jobs", min=1, help="Worker processes (default: CPU cores, at most 4).")
]
TimeoutOption = Annotated[float, typer.Option("--timeout", min=0.01, help="Seconds each snippet may run.")]
MemoryOption = Annotated[str | None, typer.Option("--memory", help="Memory cap per worker, e.g. 2G or 512M.")]


def default_workers() -> int:
    """One worker per core, at most four."""
    return max(1, min(4, os.cpu_count() or 1))


@contextmanager
def open_pool(device: DeviceRequest, workers: int | None, timeout: float, memory: str | None) -> Iterator[WorkerPool]:
    """A started worker pool for these options; bad values exit 2 naming the flag."""
    from quizzer.engine import DeviceUnavailable, WorkerPool, parse_size

    try:
        memory_limit = parse_size(memory) if memory else None
    except ValueError as bad:
        fail(f"--memory {memory}: {bad}", ExitCode.USAGE)
    pool = WorkerPool(
        size=workers or default_workers(), device=device, memory_limit=memory_limit, default_timeout_s=timeout
    )
    try:
        try:
            pool.start()
            pool.wait_ready()
        except DeviceUnavailable as unavailable:
            fail(f"--device {device}: {unavailable}", ExitCode.USAGE)
        yield pool
    finally:
        pool.close()
