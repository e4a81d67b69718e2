"""Benchmark of the review TUI as a learner meets it, in a pseudo-terminal, next to `python -c "import torch"`.

Measures in one run: ``python -c "import torch"``; the time from starting
``quizzer review`` to the first question on screen, for a returning learner (who starts
on the saved copy of the question left on screen), for one whose deck changed since (no
usable saved question: the store opens first) and for a first start ever (the database is
created); and, once the screen says the truth is ready (prefetched while the learner
reads), the time from Enter to the verdict on screen. Targets: first question <= 0.35 x
torch's import time; verdict <= 50 ms after Enter. The app runs in a real pty (80x30,
xterm-256color) on a fresh data folder with a copy of the small deck of tests/tui; the
screen is read from the pty's output. quizzer's bytecode is compiled first, as pip does
when it installs a wheel (a checkout run with PYTHONDONTWRITEBYTECODE would otherwise
compile every module at every start). ``python -m bench.bench_tui`` prints a markdown
table; ``run()`` returns the numbers.
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


COMMAND = _command(DECK)


def _env(data: str) -> dict[str, str]:
    return os.environ | {"QUIZZER_DATA_DIR": data, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "30"}


def returning_starts(repeats: int, *, deck_edited: bool = False) -> list[float]:
    """Seconds to the first question for a learner coming back: the database and deck cache exist.

    With ``deck_edited`` the deck file is touched before each start, so the saved copy of
    the question left on screen no longer applies and the session opens before the TUI.
    """
    with tempfile.TemporaryDirectory() as data:
        deck = Path(data) / DECK.name
        shutil.copy(DECK, deck)
        times = []
        for run in range(repeats + 1):  # the first start creates the database: not counted
            if deck_edited:
                os.utime(deck)
            terminal = Terminal(_command(deck), _env(data))
            try:
                first = terminal.wait_for(FIRST_QUESTION) - terminal.started
            finally:
                terminal.close()
            if run:
                times.append(first)
    return times


def one_session() -> tuple[float, float]:
    """Start quizzer on a fresh data folder: (seconds to the first question, seconds from Enter to the verdict)."""
    with tempfile.TemporaryDirectory() as data:
        terminal = Terminal(COMMAND, _env(data))
        try:
            first = terminal.wait_for(FIRST_QUESTION) - terminal.started
            terminal.wait_for(TRUTH_READY)
            terminal.type(b"2x3")
            terminal.wait_for(b"2x3")  # the answer box echoed the typing
            pressed = terminal.type(b"\r")
            verdict = terminal.wait_for(VERDICT) - pressed
        finally:
            terminal.close()
    return first, verdict


def _wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def run(repeats: int = REPEATS) -> dict[str, Any]:
    """Every measurement, in seconds; medians over ``repeats`` runs, each from a fresh process."""
    compileall.compile_dir(REPO / "quizzer", quiet=1)
    torch_import = statistics.median(_wall([sys.executable, "-c", "import torch"]) for _ in range(repeats))
    sessions = [one_session() for _ in range(repeats)]
    firsts, verdicts = [first for first, _ in sessions], [verdict for _, verdict in sessions]
    returning = returning_starts(repeats)
    edited = returning_starts(repeats, deck_edited=True)
    return {
        "returning_first_question": statistics.median(returning),
        "edited_first_question": statistics.median(edited),
        "torch_import": torch_import,
        "first_question": statistics.median(firsts),
        "first_question_max": max(firsts),
        "verdict": statistics.median(verdicts),
        "verdict_max": max(verdicts),
        "repeats": repeats,
    }


def markdown(result: dict[str, Any]) -> str:
    """The numbers as a markdown table, with the targets."""
    ratio = result["first_question"] / result["torch_import"]
    verdict_ms = result["verdict"] * 1000
    returning = result["returning_first_question"] / result["torch_import"]
    edited = result["edited_first_question"] / result["torch_import"]
    rows = [
        ('`python -c "import torch"`', result["torch_import"] * 1000, "baseline"),
        (
            "returning learner: start to first question (median)",
            result["returning_first_question"] * 1000,
            f"{returning:.2f} x torch import (target <= 0.35): {'met' if returning <= 0.35 else 'missed'}",
        ),
        (
            "returning learner, deck edited since (no saved question): to first question (median)",
            result["edited_first_question"] * 1000,
            f"{edited:.2f} x torch import",
        ),
        (
            "first start ever (creates the database): to first question (median)",
            result["first_question"] * 1000,
            f"{ratio:.2f} x torch import (target <= 0.35): {'met' if ratio <= 0.35 else 'missed'}",
        ),
        ("start to first question (slowest)", result["first_question_max"] * 1000, ""),
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
        "A returning learner starts on the saved copy of the question left on screen",
        '(docs/design-notes.md, "Starting the TUI"); the store, decks and workers open',
        "behind it. Without a usable saved question (an edited deck, another scope, a new study",
        "day) and on the very first start, everything opens before the TUI so that a broken",
        "deck or database is reported before any screen appears.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(run()))
