"""WorkerPool: start-up, devices, parallelism, threads, closing, and a torch-free parent."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from quizzer.engine import Job, PoolClosed, WorkerPool
from quizzer.outcome import Status

from .helpers import job, run


def test_parent_process_never_imports_torch() -> None:
    script = textwrap.dedent(
        """
        import sys
        from quizzer.engine import Job, WorkerPool
        with WorkerPool(device="auto") as pool:
            outcome = pool.run(Job(prelude="import torch", answer="torch.ones(2, 3).shape"))
        assert outcome.value.repr == "torch.Size([2, 3])", outcome
        leaked = sorted(name for name in sys.modules if name == "torch" or name.startswith(("torch.", "numpy")))
        print("leaked:", leaked)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "leaked: []"


@pytest.mark.parametrize("device", ["gpu", "cuda:x", "CPU", ""])
def test_unknown_device_is_a_value_error(device: str) -> None:
    with pytest.raises(ValueError, match="unknown device"):
        WorkerPool(device=device)


def test_start_does_not_block_and_wait_ready_reports_provenance() -> None:
    pool = WorkerPool()
    try:
        started = time.monotonic()
        pool.start()
        assert time.monotonic() - started < 0.1
        info = pool.wait_ready(timeout=60)
        assert info.torch.startswith("2.") and info.device == "cpu" and info.python == sys.version.split()[0]
    finally:
        pool.close()


def test_run_many_keeps_input_order_and_uses_every_worker(pool: WorkerPool) -> None:
    jobs = [job(f"({i}, os.getpid())", setup="import time\ntime.sleep(0.2)") for i in range(6)]
    started = time.monotonic()
    outcomes = pool.run_many(jobs)
    elapsed = time.monotonic() - started
    values = [o.value.repr.strip("()").split(", ") for o in outcomes]
    assert [int(index) for index, _ in values] == list(range(6))
    assert len({pid for _, pid in values}) == 2
    assert elapsed < 6 * 0.2 * 0.75  # ran in parallel


def test_concurrent_run_calls_are_safe(pool: WorkerPool) -> None:
    results: dict[int, str] = {}

    def worker(i: int) -> None:
        results[i] = run(pool, f"torch.full((2,), {i}).sum().item()").summary()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == {i: str(2 * i) for i in range(8)}


def test_threads_are_shared_out_between_workers(pool: WorkerPool) -> None:
    cpus = len(os.sched_getaffinity(0))
    assert pool.num_threads == max(1, cpus // pool.size)
    assert run(pool, "torch.get_num_threads()").value.data == pool.num_threads


def test_closed_pool_refuses_jobs_and_close_is_idempotent() -> None:
    pool = WorkerPool()
    with pool:
        assert run(pool, "1").value.data == 1
    pool.close()
    with pytest.raises(PoolClosed):
        pool.run(Job(answer="1"))


def test_close_during_a_job_ends_it() -> None:
    pool = WorkerPool().start()
    pool.wait_ready()
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(run(pool, "None", "import time\ntime.sleep(30)")))
    thread.start()
    time.sleep(0.3)
    pool.close()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert outcome[0].status is Status.CRASHED
