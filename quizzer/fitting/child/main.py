"""The child's entry point: ``run_fit`` turns a ``FitRequest`` into a ``FitResult``; ``main`` speaks JSON."""

from __future__ import annotations

import json
import resource
import sys
import time
from functools import partial
from zoneinfo import ZoneInfo

from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

from quizzer.fitting.child.dataset import build
from quizzer.fitting.child.retention import least_work_retention
from quizzer.fitting.child.scores import score
from quizzer.fitting.request import FitRequest, FitResult
from quizzer.scheduling.day import StudyDay
from quizzer.scheduling.fit_policy import not_fitted, too_few


def run_fit(request: FitRequest) -> FitResult:
    """Split, refuse below the minimum, fit on the earlier reviews, score current and fitted on the held-out ones."""
    started = time.perf_counter()
    day = StudyDay(request.day_starts_at_hour, ZoneInfo(request.timezone) if request.timezone else None)
    data = build(request.answers, day)
    timings = {"prep_s": time.perf_counter() - started}
    counts = partial(FitResult, len(request.answers), len(data.train), len(data.held_out))
    refused = too_few(len(data.train)) or (None if data.held_out else "no reviews to score in the held-out share")
    if refused:
        return counts(refused=refused, timings=_with_memory(timings))
    started = time.perf_counter()
    fitted = [round(value, 6) for value in FSRS(DEFAULT_PARAMETERS).compute_parameters(data.train)]
    timings["fit_s"] = time.perf_counter() - started
    if refused := not_fitted(fitted, DEFAULT_PARAMETERS):
        return counts(refused=refused, timings=_with_memory(timings))
    started = time.perf_counter()
    current, fitted_scores = score(request.current, data.held_out), score(fitted, data.held_out)
    timings["score_s"] = time.perf_counter() - started
    started = time.perf_counter()
    retention = least_work_retention(fitted, request.cards, request.new_per_day)
    timings["retention_s"] = time.perf_counter() - started
    return counts(
        parameters=fitted,
        current=current,
        fitted=fitted_scores,
        optimal_retention=retention,
        timings=_with_memory(timings),
    )


def _with_memory(timings: dict[str, float]) -> dict[str, float]:
    """``timings`` plus this process's peak resident memory in MB (Linux reports KiB)."""
    return {**timings, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    """Read one request as JSON on stdin, write its result as one JSON line on stdout."""
    request = FitRequest.from_dict(json.load(sys.stdin))
    sys.stdout.write(json.dumps(run_fit(request).to_dict()) + "\n")
