"""Engine test fixtures: one CPU worker pool for the whole session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from quizzer.engine import WorkerPool, parse_size


@pytest.fixture(scope="session")
def pool() -> Iterator[WorkerPool]:
    """Two CPU workers (so run_many can run in parallel), capped at 2 GiB of data each."""
    with WorkerPool(size=2, device="cpu", memory_limit=parse_size("2G")) as workers:
        workers.wait_ready()
        yield workers
