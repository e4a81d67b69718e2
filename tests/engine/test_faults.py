"""Faults: each one ends in a clear outcome, and the pool carries on.

How fast (a respawn in milliseconds, a timeout on time) is measured by bench/bench_engine.py,
not here: these tests assert what happened, never how long it took.
"""

from __future__ import annotations

import os
import select

import pytest

from quizzer.engine import HARD_KILL_GRACE_S, WorkerPool, parse_size
from quizzer.outcome import Status

from .helpers import run


def _then_carries_on(pool: WorkerPool) -> None:
    assert run(pool, "torch.ones(2).sum()").value.repr == "tensor(2.)"


def test_python_loop_stops_at_the_soft_timeout(pool: WorkerPool) -> None:
    outcome = run(pool, "None", "while True:\n    pass", timeout_s=0.5)
    assert outcome.status is Status.TIMEOUT
    assert outcome.detail == "ran past its 0.5 s time limit (stopped by the soft timeout)"
    _then_carries_on(pool)


def test_a_blocked_snippet_stops_at_the_soft_timeout(pool: WorkerPool) -> None:
    outcome = run(pool, "None", "import threading\nthreading.Event().wait()", timeout_s=0.3)
    assert outcome.status is Status.TIMEOUT and "soft timeout" in outcome.detail


def test_long_c_op_is_killed_at_the_hard_deadline(pool: WorkerPool) -> None:
    setup = "torch.set_num_threads(1)\nx = torch.linalg.matrix_power(torch.eye(2048) * 1.0001, 10**12)"
    outcome = run(pool, "x", setup, timeout_s=0.3)
    assert outcome.status is Status.TIMEOUT
    assert outcome.detail.startswith(
        f"ran past its 0.3 s time limit; the worker was killed after {0.3 + HARD_KILL_GRACE_S:g} s"
    )
    assert outcome.provenance.torch
    _then_carries_on(pool)


@pytest.mark.parametrize(
    ("setup", "detail"),
    [
        ("os._exit(0)", "exited with code 0"),
        ("import signal\nos.kill(os.getpid(), signal.SIGKILL)", "SIGKILL"),
        ("import ctypes\nctypes.string_at(0)", "SIGSEGV (segmentation fault)"),
    ],
)
def test_dying_worker_is_reported_and_replaced(pool: WorkerPool, setup: str, detail: str) -> None:
    forkserver = run(pool, "os.getppid()").value.data
    outcome = run(pool, "None", setup)
    assert outcome.status is Status.CRASHED
    assert detail in outcome.detail
    _then_carries_on(pool)
    assert run(pool, "os.getppid()").value.data == forkserver  # forked again, not a fresh interpreter


@pytest.mark.parametrize(
    ("setup", "answer", "expected"),
    [
        ("import sys\nsys.exit(3)", "None", "SystemExit: 3"),
        ("def f():\n    return f()", "f()", "RecursionError: maximum recursion depth exceeded"),
        ("", "input()", "EOFError: EOF when reading a line"),
    ],
)
def test_python_level_faults_are_exceptions(pool: WorkerPool, setup: str, answer: str, expected: str) -> None:
    outcome = run(pool, answer, setup)
    assert outcome.status is Status.EXCEPTION
    assert outcome.summary() == expected
    _then_carries_on(pool)


def test_stdin_is_empty(pool: WorkerPool) -> None:
    assert run(pool, "(sys.stdin.read(), os.read(0, 10))", "import sys").value.repr == "('', b'')"


@pytest.mark.parametrize(
    "setup",
    [
        "while True:\n    print('x' * 1000)",
        "while True:\n    os.write(2, b'y' * 100_000)",
        "print('z' * 10_000_000)",
    ],
)
def test_output_flood_is_stopped(pool: WorkerPool, setup: str) -> None:
    outcome = run(pool, "None", setup, timeout_s=5)
    assert outcome.status is Status.OUTPUT_TOO_LARGE
    assert len(outcome.output) < 70_000
    _then_carries_on(pool)


def test_output_that_looks_like_the_protocol_is_just_output(pool: WorkerPool) -> None:
    fake = '{"outcome": {"status": "crashed", "detail": "fake"}, "retire": ""}'
    outcome = run(pool, "'real'", f"print({fake!r})\nos.write(1, {fake.encode()!r})")
    assert outcome.status is Status.VALUE and outcome.value.data == "real"
    assert outcome.output == f"{fake}\n{fake}"


def test_leftover_thread_retires_the_worker(pool: WorkerPool) -> None:
    setup = "import threading\nthreading.Thread(target=threading.Event().wait).start()"
    first = run(pool, "os.getpid()", setup)
    assert first.status is Status.VALUE
    assert run(pool, "os.getpid()").value.data != first.value.data
    assert not _alive(first.value.data)


def test_leftover_child_process_is_killed_with_the_worker(pool: WorkerPool) -> None:
    outcome = run(
        pool,
        "(os.getpid(), child.pid)",
        "import subprocess, sys\nchild = subprocess.Popen([sys.executable, '-c', 'import signal; signal.pause()'])",
    )
    worker_pid, child_pid = (int(part) for part in outcome.value.repr.strip("()").split(","))
    _then_carries_on(pool)
    assert not _alive(worker_pid)
    assert not _alive(child_pid)


def test_multiprocessing_inside_a_snippet_works(pool: WorkerPool) -> None:
    setup = (
        "import multiprocessing as mp\n"
        "ctx = mp.get_context('fork')\n"
        "p = ctx.Process(target=print, args=('from child',))\n"
        "p.start()\n"
        "p.join()\n"
    )
    outcome = run(pool, "p.exitcode", setup)
    assert outcome.value.data == 0
    assert outcome.output == "from child\n"


def test_memory_cap_gives_out_of_memory_and_the_pool_carries_on() -> None:
    with WorkerPool(size=1, memory_limit=parse_size("1G"), default_timeout_s=0.5) as small:
        # every job but the last has time to spare: only the last one is about the default timeout
        tensor = run(small, "x.shape", "x = torch.empty(2**30)", timeout_s=60)  # 4 GiB of float32
        assert tensor.status is Status.OUT_OF_MEMORY
        assert "can't allocate memory" in tensor.detail and "(setup, line 1)" in tensor.detail
        python = run(small, "len(bytearray(4 * 2**30))", timeout_s=60)
        assert python.status is Status.OUT_OF_MEMORY
        assert python.detail.startswith("MemoryError")
        fits = run(small, "x.shape", "x = torch.ones(2**25)", timeout_s=60)  # 128 MiB
        assert fits.value.data == [2**25]
        default_timeout = run(small, "None", "while True:\n    pass")
        assert default_timeout.status is Status.TIMEOUT and "0.5 s" in default_timeout.detail


def _alive(pid: int, wait_s: float = 10.0) -> bool:
    """Whether ``pid`` still runs after it was given up to ``wait_s`` to end (woken by its exit, not polled)."""
    try:
        descriptor = os.pidfd_open(pid)
    except ProcessLookupError:
        return False
    try:
        readable, _, _ = select.select([descriptor], [], [], wait_s)  # a pidfd turns readable when the process ends
        return not readable
    finally:
        os.close(descriptor)
