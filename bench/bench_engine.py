"""Benchmark of the execution engine: warm workers against one ``python -c`` per snippet.

Measures, in one run: a cold pool start (forkserver + torch import + first worker), a
second pool start from the running forkserver, the respawn after a worker is killed
(crash to next answer), per-job latency p50/p99 of representative snippets on a warm
worker, and the same snippets run as ``python -c`` subprocesses (a few runs only: each
imports torch), with the ratio. ``python -m bench.bench_engine`` prints a markdown table;
``run()`` returns the numbers.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import textwrap
import time
from typing import Any

from quizzer.engine import Job, WorkerPool
from quizzer.outcome import Status

PRELUDE = "import torch\nfrom torch import nn\n"

SNIPPETS: dict[str, tuple[str, str]] = {
    "trivial shape": ("", "torch.zeros(3).shape"),
    "LSTM h_n shape": (
        "lstm = nn.LSTM(10, 20, num_layers=2, batch_first=True).to(device)\n"
        "out, (h_n, c_n) = lstm(torch.randn(3, 5, 10, device=device))",
        "h_n.shape",
    ),
    "dtype promotion": ("", "(torch.tensor([1, 2]) / 2).dtype"),
    "tensor values": ("x = torch.arange(6).reshape(2, 3)", "x.T.contiguous() * 2"),
    "exception": ("", "torch.ones(2, 3) @ torch.ones(2, 3)"),
}

JOBS_PER_SNIPPET = 300
RESPAWNS = 10
SUBPROCESS_RUNS = 1


def run(
    jobs_per_snippet: int = JOBS_PER_SNIPPET, respawns: int = RESPAWNS, subprocess_runs: int = SUBPROCESS_RUNS
) -> dict[str, Any]:
    """Run every measurement; times in milliseconds."""
    started = time.perf_counter()
    pool = WorkerPool(size=1).start()
    provenance = pool.wait_ready()
    cold_ms = (time.perf_counter() - started) * 1000
    try:
        warm = {name: _latencies(pool, setup, answer, jobs_per_snippet) for name, (setup, answer) in SNIPPETS.items()}
        respawn = [_respawn_ms(pool) for _ in range(respawns)]
    finally:
        pool.close()
    started = time.perf_counter()
    with WorkerPool(size=1) as second:
        second.wait_ready()
        second_start_ms = (time.perf_counter() - started) * 1000
    cold = {name: _subprocess_ms(setup, answer, subprocess_runs) for name, (setup, answer) in SNIPPETS.items()}
    return {
        "torch": provenance.torch,
        "python": provenance.python,
        "machine": f"{platform.machine()}, {_cpus()} cores usable",
        "cold_start_ms": cold_ms,
        "second_pool_start_ms": second_start_ms,
        "respawn_ms": {"p50": statistics.median(respawn), "max": max(respawn)},
        "snippets": {
            name: {
                "warm_p50_ms": _percentile(warm[name], 50),
                "warm_p99_ms": _percentile(warm[name], 99),
                "subprocess_ms": statistics.median(cold[name]),
                "ratio": statistics.median(cold[name]) / _percentile(warm[name], 50),
            }
            for name in SNIPPETS
        },
    }


def markdown(results: dict[str, Any]) -> str:
    """The results as markdown tables."""
    lines = [
        f"torch {results['torch']}, Python {results['python']}, {results['machine']}",
        "",
        "| start-up | ms |",
        "|---|---:|",
        f"| cold pool start (forkserver, torch import, first worker ready) | {results['cold_start_ms']:.0f} |",
        f"| second pool start (forkserver already running) | {results['second_pool_start_ms']:.1f} |",
        f"| respawn after SIGKILL, crash to next answer (p50) | {results['respawn_ms']['p50']:.1f} |",
        f"| respawn after SIGKILL, crash to next answer (max) | {results['respawn_ms']['max']:.1f} |",
        "",
        "| snippet | warm p50 ms | warm p99 ms | `python -c` ms | ratio |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, row in results["snippets"].items():
        lines.append(
            f"| {name} | {row['warm_p50_ms']:.3f} | {row['warm_p99_ms']:.3f} | "
            f"{row['subprocess_ms']:.0f} | {row['ratio']:,.0f}x |"
        )
    return "\n".join(lines)


def _latencies(pool: WorkerPool, setup: str, answer: str, count: int) -> list[float]:
    """Round-trip times of ``count`` runs of one snippet on a warm worker, after a few warm-ups."""
    job = Job(prelude=PRELUDE, setup=setup, answer=answer)
    for _ in range(5):
        _check(pool.run(job).status)
    times = []
    for _ in range(count):
        started = time.perf_counter()
        pool.run(job)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _respawn_ms(pool: WorkerPool) -> float:
    """From submitting a job that kills its worker to the answer of the next job."""
    kill = Job(setup="import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    started = time.perf_counter()
    if pool.run(kill).status is not Status.CRASHED:
        raise RuntimeError("the killing job did not crash its worker")
    _check(pool.run(Job(prelude=PRELUDE, answer="torch.zeros(3).shape")).status)
    return (time.perf_counter() - started) * 1000


def _subprocess_ms(setup: str, answer: str, runs: int) -> list[float]:
    """Times of ``python -c`` running the same snippet, torch import included."""
    script = (
        PRELUDE
        + "device = 'cpu'\n"
        + setup
        + "\n"
        + textwrap.dedent(
            f"""
        try:
            print(repr({answer}))
        except Exception as exc:
            print(type(exc).__name__, exc)
        """
        )
    )
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, timeout=120)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def _check(status: Status) -> None:
    if status not in (Status.VALUE, Status.EXCEPTION):
        raise RuntimeError(f"benchmark snippet failed: {status}")


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    print(markdown(run()))
