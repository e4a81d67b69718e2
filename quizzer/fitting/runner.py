"""Running one fit in a child process (``python -m quizzer.fitting.child``), JSON in and out.

A child process, not a thread: the fitter holds the GIL for the whole fit, which would
freeze the TUI's event loop. A child that fails (a crash, a fitter error) raises
``FitFailed`` with the last line it wrote to stderr.
"""

from __future__ import annotations

import json
import subprocess
import sys

from quizzer.fitting.request import FitRequest, FitResult

TIMEOUT_S = 600.0  # 1M reviews fit in about 5 s: ten minutes means something is wrong


class FitFailed(RuntimeError):
    """The fitting child did not return a result; the message says why in one line."""


def run_in_child(request: FitRequest) -> FitResult:
    """Fit in a fresh child process and return its result."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "quizzer.fitting.child"],
            input=json.dumps(request.to_dict()),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise FitFailed(f"the fit did not finish within {TIMEOUT_S:.0f} s") from None
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
        raise FitFailed(f"the fitting process failed: {lines[-1]}")
    try:  # the result is the last line: anything a library printed before it is not ours
        return FitResult.from_dict(json.loads(done.stdout.strip().splitlines()[-1]))
    except (IndexError, ValueError, TypeError, KeyError) as error:
        raise FitFailed(f"the fitting process returned no result ({error})") from None
