"""WorkerPool: start-up, devices, parallelism, threads, closing, and a torch-free parent."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from quizzer.engine import Job, PoolClosed, WorkerPool
from quizzer.engine import pool as pool_module
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


def test_start_does_not_block_and_wait_ready_reports_provenance(monkeypatch: pytest.MonkeyPatch) -> None:
    go = threading.Event()
    context_for = pool_module._context_for

    def held_back(device: str):  # type: ignore[no-untyped-def]
        assert go.wait(60), "the test never let the workers start"
        return context_for(device)

    monkeypatch.setattr(pool_module, "_context_for", held_back)
    pool = WorkerPool()
    try:
        pool.start()  # returns while no worker can have started: it would never return if it waited for them
        with pytest.raises(TimeoutError):
            pool.wait_ready(timeout=0)
        go.set()
        info = pool.wait_ready(timeout=60)
        assert info.torch.startswith("2.") and info.device == "cpu" and info.python == sys.version.split()[0]
    finally:
        go.set()
        pool.close()


def test_run_many_keeps_input_order_and_runs_on_every_worker_at_once(pool: WorkerPool, tmp_path: Path) -> None:
    # each job waits until two jobs have started: run one at a time, the first would wait until its timeout
    meet = f"open(os.path.join({str(tmp_path)!r}, str(os.getpid())), 'w').close()\nwhile len(os.listdir({str(tmp_path)!r})) < 2:\n    pass"
    jobs = [job(f"({i}, os.getpid())", setup=meet, timeout_s=30) for i in range(6)]
    outcomes = pool.run_many(jobs)
    assert all(outcome.status is Status.VALUE for outcome in outcomes), outcomes
    values = [o.value.repr.strip("()").split(", ") for o in outcomes]
    assert [int(index) for index, _ in values] == list(range(6))
    assert len({pid for _, pid in values}) == 2


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


def test_close_during_a_job_ends_it(tmp_path: Path) -> None:
    pool = WorkerPool().start()
    pool.wait_ready()
    started = tmp_path / "started"
    os.mkfifo(started)
    outcome: list = []
    snippet = f"open({str(started)!r}, 'w').close()\nimport threading\nthreading.Event().wait()"
    thread = threading.Thread(target=lambda: outcome.append(run(pool, "None", snippet, timeout_s=60)))
    thread.start()
    with started.open():  # opens once the job has opened the other end: the job is running
        pass
    pool.close()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert outcome[0].status is Status.CRASHED
