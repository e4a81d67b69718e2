"""Faults: each one ends in a clear outcome within its time limit, and the pool carries on."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from quizzer.engine import HARD_KILL_GRACE_S, WorkerPool, parse_size
from quizzer.outcome import Outcome, Status

from .helpers import run

SLACK_S = 1.0  # scheduling noise on a busy 2-core machine


def _then_carries_on(pool: WorkerPool) -> None:
    assert run(pool, "torch.ones(2).sum()").value.repr == "tensor(2.)"


def _timed(pool: WorkerPool, answer: str, setup: str = "", **fields: object) -> tuple[Outcome, float]:
    started = time.monotonic()
    outcome = run(pool, answer, setup, **fields)
    return outcome, time.monotonic() - started


def test_python_loop_stops_at_the_soft_timeout(pool: WorkerPool) -> None:
    outcome, elapsed = _timed(pool, "None", "while True:\n    pass", timeout_s=0.5)
    assert outcome.status is Status.TIMEOUT
    assert "soft timeout" in outcome.detail
    assert 0.5 <= elapsed < 0.5 + SLACK_S
    _then_carries_on(pool)


def test_sleep_stops_at_the_soft_timeout(pool: WorkerPool) -> None:
    outcome, elapsed = _timed(pool, "None", "import time\ntime.sleep(60)", timeout_s=0.3)
    assert outcome.status is Status.TIMEOUT and elapsed < 0.3 + SLACK_S


def test_long_c_op_is_killed_at_the_hard_deadline(pool: WorkerPool) -> None:
    setup = "torch.set_num_threads(1)\nx = torch.linalg.matrix_power(torch.eye(1024) * 1.0001, 10**12)"
    outcome, elapsed = _timed(pool, "x", setup, timeout_s=0.3)
    assert outcome.status is Status.TIMEOUT
    assert "killed" in outcome.detail
    assert 0.3 + HARD_KILL_GRACE_S <= elapsed < 0.3 + HARD_KILL_GRACE_S + SLACK_S
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
    outcome, elapsed = _timed(pool, "None", setup)
    assert outcome.status is Status.CRASHED
    assert detail in outcome.detail
    assert elapsed < SLACK_S
    started = time.monotonic()
    _then_carries_on(pool)
    assert time.monotonic() - started < SLACK_S  # forkserver respawn, not a fresh interpreter


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
    outcome, elapsed = _timed(pool, "None", setup, timeout_s=5)
    assert outcome.status is Status.OUTPUT_TOO_LARGE
    assert len(outcome.output) < 70_000
    assert elapsed < SLACK_S
    _then_carries_on(pool)


def test_output_that_looks_like_the_protocol_is_just_output(pool: WorkerPool) -> None:
    fake = '{"outcome": {"status": "crashed", "detail": "fake"}, "retire": ""}'
    outcome = run(pool, "'real'", f"print({fake!r})\nos.write(1, {fake.encode()!r})")
    assert outcome.status is Status.VALUE and outcome.value.data == "real"
    assert outcome.output == f"{fake}\n{fake}"


def test_leftover_thread_retires_the_worker(pool: WorkerPool) -> None:
    setup = "import threading, time\nthreading.Thread(target=time.sleep, args=(600,)).start()"
    first = run(pool, "os.getpid()", setup)
    assert first.status is Status.VALUE
    assert run(pool, "os.getpid()").value.data != first.value.data
    assert not _alive(first.value.data)


def test_leftover_child_process_is_killed_with_the_worker(pool: WorkerPool) -> None:
    outcome = run(pool, "(os.getpid(), child.pid)", "import subprocess\nchild = subprocess.Popen(['sleep', '600'])")
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
        tensor = run(small, "x.shape", "x = torch.empty(2**30)")  # 4 GiB of float32
        assert tensor.status is Status.OUT_OF_MEMORY
        assert "can't allocate memory" in tensor.detail and "(setup, line 1)" in tensor.detail
        python = run(small, "len(bytearray(4 * 2**30))")
        assert python.status is Status.OUT_OF_MEMORY
        assert python.detail.startswith("MemoryError")
        fits = run(small, "x.shape", "x = torch.ones(2**25)")  # 128 MiB
        assert fits.value.data == [2**25]
        default_timeout = run(small, "None", "import time\ntime.sleep(5)")
        assert default_timeout.status is Status.TIMEOUT and "0.5 s" in default_timeout.detail


def _alive(pid: int, wait_s: float = 2.0) -> bool:
    """Whether ``pid`` is a live (not zombie) process, giving it ``wait_s`` to die."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        if state in ("Z", "X"):
            return False
        if time.monotonic() > deadline:
            return True
        time.sleep(0.02)
