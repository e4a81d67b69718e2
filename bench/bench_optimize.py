"""Benchmarks of ``quizzer optimize`` on synthetic review logs, and of ``quizzer export --anki`` on the bundled decks.

Optimize: logs of about 10k and 100k answers from a simulated learner whose memory
follows known FSRS parameters (``testsupport.fsrs_sim``, the app scheduling with the
defaults), each fitted the way ``quizzer optimize`` fits it: a fresh child process, its
time (start to result, from the parent), the fit alone, the child's peak memory, and
the held-out log loss of the defaults and of the fitted parameters. The baseline is
fsrs-optimizer, run on the same training answers in a fresh process and scored by
quizzer's scorer on the same held-out reviews, when it is installed (it is not a
dependency: ``pip install fsrs-optimizer``); otherwise its rows say so. Targets: at most
1 s per 100k answers, and a held-out log loss no worse than fsrs-optimizer's.

Export: ``export_anki`` over the bundled decks on a warm CPU pool, against the baseline
of computing the same truths alone (``run_many`` of the same jobs).

``python -m bench.bench_optimize`` prints the markdown; ``run()`` returns the numbers.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from quizzer.decks.loader import load_decks
from quizzer.engine import WorkerPool
from quizzer.exporting.anki import export_anki, plan_notes
from quizzer.fitting.child.dataset import cut_time
from quizzer.fitting.request import FitRequest, FitResult
from quizzer.fitting.runner import run_in_child
from quizzer.grading import Kind
from quizzer.scheduling.scheduler import default_parameters
from testsupport.fsrs_sim import simulate

REPO = Path(__file__).resolve().parent.parent
LOGS = {"10k": 820, "100k": 8200}  # cards introduced over a year; about 12 answers per card
DAYS = 365
INSTANCES = 3
ROUNDS = 2
COLLECTION_CARDS = 300  # the retention simulation's collection: about the bundled decks' size


def run() -> dict[str, Any]:
    """Every measurement, and the machine's load average when they ended (a shared machine inflates times)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import fsrs_rs_python"], check=True)
    start_up = time.perf_counter() - started
    optimize = {name: _optimize(cards) for name, cards in LOGS.items()}
    return {"start_up_s": start_up, "optimize": optimize, "export": _export(), "load": os.getloadavg()[0]}


def _request(answers: list[tuple[int, int, int]], current: list[float]) -> FitRequest:
    return FitRequest(answers=answers, current=current, day_starts_at_hour=4, timezone="UTC", cards=COLLECTION_CARDS)


def _optimize(cards: int) -> dict[str, Any]:
    answers = simulate(cards, DAYS, seed=1)
    started = time.perf_counter()
    result = run_in_child(_request(answers, default_parameters()))
    wall = time.perf_counter() - started
    row: dict[str, Any] = {"answers": len(answers), "wall_s": wall, "result": result.to_dict()}
    row["baseline"] = _fsrs_optimizer(answers)
    return row


def _fsrs_optimizer(answers: list[tuple[int, int, int]]) -> dict[str, Any] | None:
    """fsrs-optimizer's fit of the training answers, scored on quizzer's held-out reviews; None when not installed."""
    if importlib.util.find_spec("fsrs_optimizer") is None:
        return None
    cut = cut_time(answers)
    with tempfile.TemporaryDirectory() as folder:
        revlog = Path(folder) / "revlog.csv"
        with revlog.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(("card_id", "review_time", "review_rating"))
            writer.writerows(answer for answer in answers if answer[1] < cut)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "bench.fsrs_optimizer_fit", str(revlog)],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=True,
        )
        wall = time.perf_counter() - started
    fitted = json.loads(done.stdout.strip().splitlines()[-1])
    scored: FitResult = run_in_child(_request(answers, [round(value, 6) for value in fitted["parameters"]]))
    return {"wall_s": wall, "fit_s": fitted["seconds"], "peak_rss_mb": fitted["peak_rss_mb"], "scores": scored.current}


def _export() -> dict[str, Any]:
    decks = load_decks([REPO / "decks"])
    with WorkerPool(size=2) as pool, tempfile.TemporaryDirectory() as folder:
        info = pool.wait_ready()
        planned, _ = plan_notes(decks, info, INSTANCES)
        jobs = [item.truth_job() for item in planned if item.ref.question.kind != Kind.RECALL]
        pool.run_many(jobs)  # warm every snippet's imports once
        target = Path(folder) / "decks.apkg"
        truths, exports = [], []
        for _ in range(ROUNDS):  # interleaved, so both meet the same load; the fastest of each is kept
            started = time.perf_counter()
            pool.run_many(jobs)
            truths.append(time.perf_counter() - started)
            started = time.perf_counter()
            report = export_anki(decks, pool, target, INSTANCES)
            exports.append(time.perf_counter() - started)
        size = target.stat().st_size
    return {
        "notes": report.notes,
        "jobs": len(jobs),
        "truths_s": min(truths),
        "export_s": min(exports),
        "bytes": size,
        "failed": len(report.failed),
        "skipped": len(report.skipped),
        "computed_with": report.computed_with,
    }


def markdown(results: dict[str, Any]) -> str:
    """The figures as markdown tables."""
    lines = [
        f"Load average at the end: {results['load']:.1f} on this machine (other jobs shared it). A fresh "
        f'`python -c "import fsrs_rs_python"` took {results["start_up_s"]:.2f} s: the child\'s start-up cost, '
        "included in the first time column, not in the second.",
        "",
        "| log | answers | fitted on | held out | `optimize` child, start to result | read + fit + score "
        "| of which the fit | retention simulation | peak memory | log loss, defaults | log loss, fitted "
        "| RMSE defaults → fitted |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    baselines = []
    for name, row in results["optimize"].items():
        result = FitResult.from_dict(row["result"])
        assert result.current is not None and result.fitted is not None
        timings = result.timings
        scaled = timings["prep_s"] + timings["fit_s"] + timings["score_s"]
        per_100k = scaled * 100_000 / row["answers"]
        lines.append(
            f"| {name} | {row['answers']:,} | {result.fit_reviews:,} | {result.held_out_reviews:,} "
            f"| {row['wall_s']:.2f} s | {scaled:.2f} s ({per_100k:.2f} s per 100k) | {timings['fit_s']:.2f} s "
            f"| {timings['retention_s']:.2f} s "
            f"| {result.timings['peak_rss_mb']:.0f} MB | {result.current.log_loss:.4f} | {result.fitted.log_loss:.4f} "
            f"| {result.current.rmse:.2%} → {result.fitted.rmse:.2%} |"
        )
        baseline = row["baseline"]
        if baseline is None:
            baselines.append(f"| {name} | not installed (`pip install fsrs-optimizer` to measure it) | | | |")
        else:
            scores = baseline["scores"]
            loss = scores["log_loss"] if isinstance(scores, dict) else scores.log_loss
            lines_ratio = baseline["wall_s"] / row["wall_s"]
            baselines.append(
                f"| {name} | {baseline['wall_s']:.1f} s ({lines_ratio:.0f} x quizzer's) | {baseline['peak_rss_mb']:.0f} MB "
                f"| {loss:.4f} | {result.fitted.log_loss - loss:+.4f} |"
            )
    lines += [
        "",
        "Baseline, fsrs-optimizer on the same training answers (fresh process; scored by quizzer on the same held-out reviews):",
        "",
        "| log | fsrs-optimizer, start to result | peak memory | its log loss | quizzer's minus it |",
        "|---|---:|---:|---:|---:|",
        *baselines,
    ]
    export = results["export"]
    lines += [
        "",
        f"`export --anki` of the bundled decks ({INSTANCES} instances per parametric question, {export['computed_with']}, "
        f"2 warm workers; the fastest of {ROUNDS} interleaved rounds):",
        "",
        "| measure | value |",
        "|---|---|",
        f"| the same {export['jobs']} truths computed alone (`run_many`, baseline) | {export['truths_s']:.2f} s |",
        f"| `export_anki`: truths, {export['notes']} notes, package written whole | {export['export_s']:.2f} s |",
        f"| export / truths alone | {export['export_s'] / export['truths_s']:.2f} x |",
        f"| package size | {export['bytes'] / 1024:.0f} KiB |",
        f"| left out: requires not met here / truth not computed | {export['skipped']} / {export['failed']} |",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(run()))
