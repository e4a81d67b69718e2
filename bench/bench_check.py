"""Benchmark of `quizzer check` over the shipped decks, against its own lower bound.

Measures in one run: ``python -c "import torch"`` (the unavoidable start cost), the
wall time of ``quizzer check decks`` as a user runs it, the time its snippets ran in
workers (summed from the JSON report), and the per-question round trip on a warm pool
(p50/p99 over every question of the shipped decks). Target: check wall time at most
1.5 x (torch import + sum of snippet times). ``python -m bench.bench_check`` prints a
markdown table; ``run()`` returns the numbers.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from quizzer.decks.loader import load_decks
from quizzer.engine import WorkerPool
from quizzer.study.judge import QuestionRef, truth_job

REPO = Path(__file__).resolve().parent.parent
DECKS = REPO / "decks"
REPEATS = 3


def run(repeats: int = REPEATS) -> dict[str, Any]:
    """Every measurement; times in seconds unless the key says ms."""
    torch_import = statistics.median(_wall([sys.executable, "-c", "import torch"]) for _ in range(repeats))
    walls, snippet_seconds, counts = [], [], {}
    for _ in range(repeats):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "quizzer", "check", str(DECKS), "--format", "json"],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        walls.append(time.perf_counter() - started)
        report = json.loads(done.stdout)
        snippet_seconds.append(sum(result["run_seconds"] for result in report["results"]))
        counts = report["counts"]
    wall, snippets = statistics.median(walls), statistics.median(snippet_seconds)
    latencies = _round_trips()
    return {
        "torch_import_s": torch_import,
        "check_wall_s": wall,
        "snippet_sum_s": snippets,
        "bound_s": torch_import + snippets,
        "ratio_to_bound": wall / (torch_import + snippets),
        "counts": counts,
        "questions": len(latencies),
        "round_trip_p50_ms": _percentile(latencies, 50),
        "round_trip_p99_ms": _percentile(latencies, 99),
    }


def _wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def _round_trips() -> list[float]:
    """Parent-side time of one truth job per question of the shipped decks, on a warm worker."""
    decks = load_decks([DECKS])
    refs = [
        QuestionRef(deck, note, question)
        for deck in decks
        for note, question in deck.questions()
        if question.kind != "recall" and question.requires is None and note.requires is None
    ]
    with WorkerPool(size=1) as pool:
        pool.wait_ready()
        for ref in refs:  # warm every snippet's imports once
            pool.run(truth_job(ref, _first_instance(ref), 0))
        latencies = []
        for ref in refs:
            started = time.perf_counter()
            pool.run(truth_job(ref, _first_instance(ref), 0))
            latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def _first_instance(ref: QuestionRef) -> dict[str, Any]:
    return {name: values[0] for name, values in (ref.question.params or {}).items()}


def _percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]


def markdown(results: dict[str, Any]) -> str:
    """The figures as a markdown table."""
    c = results["counts"]
    rows = [
        ('`python -c "import torch"` (baseline)', f"{results['torch_import_s']:.2f} s"),
        ("sum of snippet times in workers", f"{results['snippet_sum_s']:.2f} s"),
        ("lower bound: import + snippets", f"{results['bound_s']:.2f} s"),
        (
            f"`quizzer check decks` wall ({c.get('passed', 0)} passed, {c.get('skipped', 0)} skipped)",
            f"{results['check_wall_s']:.2f} s",
        ),
        ("check / bound (target <= 1.5)", f"{results['ratio_to_bound']:.2f}x"),
        (f"per-question round trip p50, {results['questions']} questions", f"{results['round_trip_p50_ms']:.2f} ms"),
        ("per-question round trip p99", f"{results['round_trip_p99_ms']:.2f} ms"),
    ]
    return "\n".join(["| measure | value |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows)])


if __name__ == "__main__":
    print(markdown(run()))
