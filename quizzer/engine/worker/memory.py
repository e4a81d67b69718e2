"""Worker-only: the RLIMIT_DATA memory caps, for the whole worker and for one job.

RLIMIT_DATA, never RLIMIT_AS (which breaks ``import torch`` and CUDA): an allocation past
it fails with a catchable MemoryError or RuntimeError, and the job ends ``out_of_memory``.
"""

from __future__ import annotations

import resource
from collections.abc import Iterator
from contextlib import contextmanager


def cap_worker(allowance: int) -> None:
    """Set RLIMIT_DATA (soft and hard) to the data memory in use now plus ``allowance``, for every later job.

    Call it with torch and the device loaded: the baseline differs by build (about 0.25 GiB
    with torch's CPU build, 1.2 GiB with a CUDA build); a cap below it would make the worker
    fail in odd places, and a thread that cannot get its stack makes ``Thread.start`` wait forever.
    """
    limit = data_in_use() + allowance
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


@contextmanager
def capped(allowance: int | None) -> Iterator[None]:
    """While the block runs, the soft RLIMIT_DATA is at most the memory in use now plus ``allowance`` (None: no cap).

    Used for one job (a learner's code): the previous soft limit comes back after it.
    """
    if allowance is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    wanted = data_in_use() + allowance
    candidates = [limit for limit in (soft, hard, wanted) if limit != resource.RLIM_INFINITY]
    resource.setrlimit(resource.RLIMIT_DATA, (min(candidates), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def data_in_use() -> int:
    """VmData of this process in bytes (Linux), else 0."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
