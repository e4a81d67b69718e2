"""The baseline fitter, fsrs-optimizer, in a fresh process: ``python -m bench.fsrs_optimizer_fit REVLOG.csv``.

Reads a CSV of (card_id, review_time in epoch ms, review_rating), fits with the library's
defaults (days in UTC, the next day starting at 4 am, as the benchmark's quizzer fit) and
prints one JSON line: the parameters, the fit's seconds and the process's peak memory.
fsrs-optimizer reads and writes files in its working folder, so it runs in the CSV's.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

DAY_STARTS_AT_HOUR = 4


def main() -> None:
    """Fit the CSV named on the command line; one JSON line on stdout."""
    revlog = Path(sys.argv[1]).resolve()
    os.chdir(revlog.parent)
    started = time.perf_counter()
    from fsrs_optimizer import Optimizer  # type: ignore[import-not-found]

    optimizer = Optimizer()
    optimizer.create_time_series("UTC", "2000-01-01", DAY_STARTS_AT_HOUR, analysis=False)
    optimizer.define_model()
    optimizer.initialize_parameters(verbose=False)
    optimizer.train(verbose=False)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"parameters": [float(value) for value in optimizer.w], "seconds": seconds, "peak_rss_mb": peak}))


if __name__ == "__main__":
    main()
