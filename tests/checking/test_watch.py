"""`check --watch`: a running watcher sees a real save, re-checks only what changed, and Ctrl+C exits 0."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quizzer.checking.incremental import IncrementalCheck, fingerprint
from quizzer.checking.results import CheckStatus
from quizzer.checking.runner import CheckOptions
from quizzer.decks.loader import load_deck
from quizzer.decks.scaffold import scaffold
from quizzer.engine import WorkerPool

QUIZZER = Path(sys.executable).parent / "quizzer"
LINE_WAIT_S = 120  # an upper bound on waiting for the watcher's next line, not an expected duration


class Watcher:
    """A running `quizzer check --watch` and the lines it prints (stdout and stderr together)."""

    def __init__(self, *args: str, cwd: Path) -> None:
        environment = {key: value for key, value in os.environ.items() if key != "CI"}
        self.process = subprocess.Popen(
            [QUIZZER, "check", "--watch", *args],
            cwd=cwd,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            # a shell without job control starts background commands with SIGINT ignored; a terminal does not
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def until(self, wanted: Callable[[str], bool]) -> list[str]:
        """The lines printed from now up to and including the first one ``wanted`` accepts."""
        start = len(self.seen)
        while True:
            line = self.lines.get(timeout=LINE_WAIT_S)
            assert line is not None, f"the watcher ended early: {self.seen}"
            self.seen.append(line)
            if wanted(line):
                return self.seen[start:]

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=LINE_WAIT_S)


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "tensors.yaml"
    path.write_text(scaffold("tensors"))
    return path


def save(path: Path, text: str) -> None:
    """Save as many editors do: write a new file beside it, then rename it over the old one."""
    temporary = path.with_name(path.name + ".swp")
    temporary.write_text(text)
    os.replace(temporary, path)


@pytest.fixture
def watcher(deck: Path) -> Iterator[Watcher]:
    running = Watcher("--trust", deck.name, cwd=deck.parent)
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def test_a_running_watcher_rechecks_the_changed_question_when_the_file_is_saved(deck: Path, watcher: Watcher) -> None:
    first = watcher.until(lambda line: line.startswith("watching "))
    assert "2 passed, 0 failed, 0 errors, 0 skipped" in first
    assert first[-1] == "watching tensors.yaml for changes (Ctrl+C to stop)"

    save(deck, deck.read_text().replace("expect: RuntimeError", "expect: ValueError"))
    after = watcher.until(lambda line: line.endswith(" skipped"))
    assert after[:2] == ["-- tensors.yaml changed", "checked 1 new or changed question"]
    assert after[2].startswith("FAILED tensors/transpose-is-a-view/view-after-t (tensors.yaml:")
    assert "    expect: ValueError" in after and after[-1] == "1 passed, 1 failed, 0 errors, 0 skipped"

    save(deck, deck.read_text().replace("expect: ValueError", "expect: RuntimeError"))
    fixed = watcher.until(lambda line: line.endswith(" skipped"))
    assert fixed[2].startswith("PASSED tensors/transpose-is-a-view/view-after-t") and len(fixed) == 4
    assert fixed[-1] == "2 passed, 0 failed, 0 errors, 0 skipped"

    assert watcher.stop() == 0
    assert not any("Traceback" in line for line in watcher.seen)


def test_a_broken_save_is_reported_and_the_watch_goes_on(deck: Path, watcher: Watcher) -> None:
    watcher.until(lambda line: line.startswith("watching "))
    good = deck.read_text()
    save(deck, good.replace("kind: shape", "kind: shpe"))
    broken = watcher.until(lambda line: "save it to check it again" in line)
    assert any("unknown kind 'shpe' (did you mean 'shape'?)" in line for line in broken)
    save(deck, good)
    assert watcher.until(lambda line: line.endswith(" skipped"))[-1] == "2 passed, 0 failed, 0 errors, 0 skipped"
    assert watcher.stop() == 0


def test_watch_refuses_flags_that_would_write_or_change_the_format(deck: Path) -> None:
    for flags, message in ((["--fix"], "--watch does not combine"), (["--format", "json"], "--watch prints text")):
        run = subprocess.run(
            [QUIZZER, "check", "--watch", *flags, str(deck)], capture_output=True, text=True, timeout=LINE_WAIT_S
        )
        assert run.returncode == 2 and message in run.stderr


def test_incremental_check_runs_only_new_and_changed_questions(tmp_path: Path, pool: WorkerPool) -> None:
    path = tmp_path / "tensors.yaml"
    path.write_text(scaffold("tensors"))
    checker = IncrementalCheck(pool, CheckOptions())
    first = checker.run([load_deck(path)])
    assert [r.status for r in first.results] == [CheckStatus.PASSED] * 2 and first.rechecked == first.results
    assert checker.run([load_deck(path)]).rechecked == []

    path.write_text(path.read_text().replace("notes:\n", "notes:\n  # a comment moves the questions down\n"))
    moved = checker.run([load_deck(path)])
    assert moved.rechecked == [] and [r.line for r in moved.results] == [r.line + 1 for r in first.results]

    path.write_text(path.read_text().replace("cols: [4, 5]", "cols: [4, 5, 6]"))
    changed = checker.run([load_deck(path)])
    assert [r.id for r in changed.rechecked] == ["tensors/transpose-is-a-view/t-shape"]
    assert changed.rechecked[0].instances == 6


def test_fingerprint_follows_what_decides_the_result(tmp_path: Path) -> None:
    path = tmp_path / "tensors.yaml"
    path.write_text(scaffold("tensors"))
    deck = load_deck(path)
    note, question = next(deck.questions())
    digest = fingerprint(deck, note, question)
    assert fingerprint(deck, note.model_copy(update={"text": "other words"}), question) == digest
    assert fingerprint(deck.model_copy(update={"prelude": "import math"}), note, question) != digest
    assert fingerprint(deck, note, question.model_copy(update={"rule": "(rows, cols)"})) != digest
