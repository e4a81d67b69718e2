"""Benchmark of the review TUI as a learner meets it, in a pseudo-terminal, next to `python -c "import torch"`.

Measures in one run: ``python -c "import torch"``; the time from starting
``quizzer review`` to the first question on screen; and, once the screen says the truth
is ready (prefetched while the learner reads), the time from Enter to the verdict on
screen. Targets: first question <= 0.35 x torch's import time; verdict <= 50 ms after
Enter. The app runs in a real pty (80x30, xterm-256color) on a fresh data folder with
the small deck of tests/tui; the screen is read from the pty's output.
``python -m bench.bench_tui`` prints a markdown table; ``run()`` returns the numbers.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DECK = REPO / "tests" / "tui" / "study.yaml"
REPEATS = 5
ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]")
FIRST_QUESTION = b"What is"
TRUTH_READY = b"truth ready"
VERDICT = b"Correct"


class Terminal:
    """A child process on a pseudo-terminal whose screen output can be waited for."""

    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int] = (80, 30)) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=REPO, start_new_session=True
        )
        os.close(slave)
        self.seen = b""

    def wait_for(self, text: bytes, timeout: float = 60.0) -> float:
        """Read output until ``text`` shows (escape codes removed); the perf_counter time it showed."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:
                    break
                if text in ANSI.sub(b"", self.seen):
                    return time.perf_counter()
        raise TimeoutError(f"{text!r} did not show within {timeout} s")

    def type(self, keys: bytes) -> float:
        """Send keys; the time they were sent. The output seen so far is forgotten."""
        self.seen = b""
        os.write(self.master, keys)
        return time.perf_counter()

    def close(self) -> None:
        """Quit with ctrl+q, then make sure the process is gone."""
        try:
            os.write(self.master, b"\x11")
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
        os.close(self.master)


COMMAND = [sys.executable, "-m", "quizzer", "review", "--deck", str(DECK), "--only", "study", "--trust", "--device", "cpu"]


def _env(data: str) -> dict[str, str]:
    return os.environ | {"QUIZZER_DATA_DIR": data, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "30"}


def returning_starts(repeats: int) -> list[float]:
    """Seconds to the first question for a learner coming back: the database and deck cache exist."""
    with tempfile.TemporaryDirectory() as data:
        times = []
        for run in range(repeats + 1):  # the first start creates the database: not counted
            terminal = Terminal(COMMAND, _env(data))
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
            time.sleep(0.2)  # let the answer box echo the typing
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
    torch_import = statistics.median(_wall([sys.executable, "-c", "import torch"]) for _ in range(repeats))
    sessions = [one_session() for _ in range(repeats)]
    firsts, verdicts = [first for first, _ in sessions], [verdict for _, verdict in sessions]
    returning = returning_starts(repeats)
    return {
        "returning_first_question": statistics.median(returning),
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
    rows = [
        ("`python -c \"import torch\"`", result["torch_import"] * 1000, "baseline"),
        ("returning learner: start to first question (median)", result["returning_first_question"] * 1000,
         f"{returning:.2f} x torch import (target <= 0.35): {'met' if returning <= 0.35 else 'missed'}"),
        ("first start ever (creates the database): to first question (median)", result["first_question"] * 1000,
         f"{ratio:.2f} x torch import (target <= 0.35): {'met' if ratio <= 0.35 else 'missed'}"),
        ("start to first question (slowest)", result["first_question_max"] * 1000, ""),
        ("Enter to verdict on screen, truth prefetched (median)", verdict_ms,
         f"target <= 50 ms: {'met' if verdict_ms <= 50 else 'missed'}"),
        ("Enter to verdict (slowest)", result["verdict_max"] * 1000, ""),
    ]
    lines = [f"{result['repeats']} runs of each, every one a fresh `quizzer review` process in an 80x30 pty.", "",
             "| measurement | ms | |", "|---|---:|---|"]
    lines += [f"| {name} | {value:,.0f} | {note} |" for name, value, note in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(run()))
