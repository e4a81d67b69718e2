"""Benchmark of the review TUI as a learner meets it, in a pseudo-terminal, next to `python -c "import torch"`.

Measures in one run: ``python -c "import torch"``; the time from starting
``quizzer review`` to the first question on screen, for a returning learner (who starts
on the saved copy of the question left on screen), for one whose deck file was edited
since (a line added: the saved question is still painted, as a guess the session then
confirms), for a first start ever (no database yet: the first question is guessed from
the deck cache) and for a first start whose deck was never read (no cache entry: the
decks and the store open before the TUI); and, once the screen says the truth is ready
(prefetched while the learner reads), the time from Enter to the verdict on screen.
Targets: first question <= 0.35 x torch's import time; verdict <= 50 ms after Enter. The
app runs in a real pty (80x30, xterm-256color) on a fresh data folder and deck cache with
a copy of the small deck of tests/tui; the screen is read from the pty's output.
quizzer's bytecode is compiled first, as pip does when it installs a wheel (a checkout
run with PYTHONDONTWRITEBYTECODE would otherwise compile every module at every start).
``python -m bench.bench_tui`` prints a markdown table; ``run()`` returns the numbers.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from testsupport.terminal import Terminal

REPO = Path(__file__).resolve().parent.parent
DECK = REPO / "tests" / "tui" / "study.yaml"
REPEATS = 5
FIRST_QUESTION = b"What is"
TRUTH_READY = b"truth ready"
VERDICT = b"Correct"


def _command(deck: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "quizzer",
        "review",
        "--deck",
        str(deck),
        "--only",
        "study",
        "--trust",
        "--device",
        "cpu",
    ]


def _env(data: Path, cache: Path) -> dict[str, str]:
    return os.environ | {
        "QUIZZER_DATA_DIR": str(data),
        "QUIZZER_CACHE_DIR": str(cache),
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "30",
    }


def _first_question(deck: Path, data: Path, cache: Path) -> float:
    """Start quizzer and quit once the first question shows; seconds from the start to it."""
    terminal = Terminal(_command(deck), _env(data, cache))
    try:
        return terminal.wait_for(FIRST_QUESTION) - terminal.started
    finally:
        terminal.close()


def returning_starts(repeats: int, *, deck_edited: bool = False) -> list[float]:
    """Seconds to the first question for a learner coming back: the database and the saved question exist.

    With ``deck_edited`` a line is added to the deck file before each start: the file the
    session opens differs from the one the saved question was shown from (and from the
    deck cache's entries).
    """
    with tempfile.TemporaryDirectory() as folder:
        data, cache, deck = Path(folder) / "data", Path(folder) / "cache", Path(folder) / DECK.name
        shutil.copy(DECK, deck)
        times = []
        for run in range(repeats + 1):  # the first start creates the database: not counted
            if deck_edited:
                with deck.open("a", encoding="utf-8") as file:
                    file.write(f"# edit {run}\n")
            seconds = _first_question(deck, data, cache)
            if run:
                times.append(seconds)
    return times


def first_starts(repeats: int, *, deck_read_before: bool = True) -> list[float]:
    """Seconds to the first question on a data folder without a database.

    ``deck_read_before``: the deck cache holds the deck (it was read once before, by any
    command); else each start also meets an empty deck cache.
    """
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(repeats):
            data, cache = Path(folder) / f"data-{run}", Path(folder) / ("cache" if deck_read_before else f"cache-{run}")
            if deck_read_before and not cache.exists():
                subprocess.run(
                    [sys.executable, "-m", "quizzer", "lint", str(DECK)], env=_env(data, cache), capture_output=True
                )
            times.append(_first_question(DECK, data, cache))
    return times


def verdict_times(repeats: int) -> list[float]:
    """Seconds from Enter to the verdict on screen, once the truth was computed while the learner read."""
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(repeats):
            data, cache = Path(folder) / f"data-{run}", Path(folder) / "cache"
            terminal = Terminal(_command(DECK), _env(data, cache))
            try:
                terminal.wait_for(TRUTH_READY)
                terminal.type(b"2x3")
                terminal.wait_for(b"2x3")  # the answer box echoed the typing
                pressed = terminal.type(b"\r")
                times.append(terminal.wait_for(VERDICT) - pressed)
            finally:
                terminal.close()
    return times


def _wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def run(repeats: int = REPEATS) -> dict[str, Any]:
    """Every measurement, in seconds; medians over ``repeats`` runs, each from a fresh process."""
    compileall.compile_dir(REPO / "quizzer", quiet=1)
    torch_import = statistics.median(_wall([sys.executable, "-c", "import torch"]) for _ in range(repeats))
    firsts = first_starts(repeats)
    cold = first_starts(repeats, deck_read_before=False)
    verdicts = verdict_times(repeats)
    return {
        "torch_import": torch_import,
        "returning_first_question": statistics.median(returning_starts(repeats)),
        "edited_first_question": statistics.median(returning_starts(repeats, deck_edited=True)),
        "first_question": statistics.median(firsts),
        "first_question_max": max(firsts),
        "cold_first_question": statistics.median(cold),
        "verdict": statistics.median(verdicts),
        "verdict_max": max(verdicts),
        "repeats": repeats,
    }


def markdown(result: dict[str, Any]) -> str:
    """The numbers as a markdown table, with the targets."""
    torch_import = result["torch_import"]

    def against_target(key: str) -> str:
        ratio = result[key] / torch_import
        return f"{ratio:.2f} x torch import (target <= 0.35): {'met' if ratio <= 0.35 else 'missed'}"

    verdict_ms = result["verdict"] * 1000
    rows = [
        ('`python -c "import torch"`', torch_import * 1000, "baseline"),
        (
            "returning learner: start to first question (median)",
            result["returning_first_question"] * 1000,
            against_target("returning_first_question"),
        ),
        (
            "returning learner, deck file edited since: to first question (median)",
            result["edited_first_question"] * 1000,
            against_target("edited_first_question"),
        ),
        (
            "first start ever (no database yet), deck read before: to first question (median)",
            result["first_question"] * 1000,
            against_target("first_question"),
        ),
        ("first start ever: slowest", result["first_question_max"] * 1000, ""),
        (
            "first start ever, deck never read (empty deck cache): to first question (median)",
            result["cold_first_question"] * 1000,
            f"{result['cold_first_question'] / torch_import:.2f} x torch import",
        ),
        (
            "Enter to verdict on screen, truth prefetched (median)",
            verdict_ms,
            f"target <= 50 ms: {'met' if verdict_ms <= 50 else 'missed'}",
        ),
        ("Enter to verdict (slowest)", result["verdict_max"] * 1000, ""),
    ]
    lines = [
        f"{result['repeats']} runs of each, every one a fresh `quizzer review` process in an 80x30 pty",
        "(quizzer's bytecode compiled first, as a wheel install does).",
        "",
        "| measurement | ms | |",
        "|---|---:|---|",
    ]
    lines += [f"| {name} | {value:,.0f} | {note} |" for name, value, note in rows]
    lines += [
        "",
        'How the first paint avoids the store, the deck model and the grader: docs/design-notes.md, "Starting',
        'the TUI". A returning learner starts on the saved copy of the question left on screen, also after',
        "an edit of the deck file; a first start on the first question guessed from the deck cache. Only",
        "a deck never read before (or one with problems) makes the decks and the store open before the",
        "TUI, so that a broken deck is reported before any screen appears.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(run()))
