"""Hostile decks (issue 13, item 2): alias bombs, deep expressions, huge format widths, deep or huge files.

Each is refused as a deck problem (exit 3, ``file:line:col``) by a real `quizzer` process
that runs under a tight memory limit, so a regression fails the test instead of
threatening the machine. The fixtures' ``# expect:`` headers name the problems.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from quizzer.decks.params import fill_ask
from tests.decks.test_malformed import expectations

HOSTILE = Path(__file__).parent / "hostile"
FIXTURES = sorted(HOSTILE.glob("*.yaml"))
QUIZZER = Path(sys.executable).parent / "quizzer"
MEMORY_CAP = 1024 * 2**20  # address space of the CLI process: plenty for quizzer, far too little for any bomb

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS caps the probe on Linux")


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def quizzer(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A real quizzer process under ``MEMORY_CAP``, ended after 60 s at the latest."""
    environment = {key: value for key, value in os.environ.items() if key != "CI"} | (env or {})
    return subprocess.run(
        [str(QUIZZER), *args], capture_output=True, text=True, env=environment, timeout=60, preexec_fn=_capped
    )


def test_the_hostile_corpus_is_there() -> None:
    assert len(FIXTURES) >= 5 and all(expectations(path) for path in FIXTURES)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_lint_refuses_each_hostile_deck_as_a_deck_problem(path: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    done = quizzer("lint", str(path), env={"QUIZZER_CACHE_DIR": str(cache)})
    assert done.returncode == 3, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    for line, col, message in expectations(path):
        assert f"{path}:{line}:{col}: {message}" in done.stdout + done.stderr
    written = sum(file.stat().st_size for file in cache.rglob("*") if file.is_file())
    assert written == 0  # nothing of a refused deck is cached (the 80 MB cache entry of issue 13)


@pytest.mark.parametrize("command", ["show", "check", "grade"])
@pytest.mark.parametrize("name", ["deep-answer", "huge-width", "alias-bomb-params"])
def test_commands_that_run_decks_refuse_them_before_running_anything(command: str, name: str) -> None:
    deck = str(HOSTILE / f"{name}.yaml")
    args = {"show": ["show", "bomb/n/q", "--deck"], "check": ["check"], "grade": ["grade", "bomb/n/q", "1", "--deck"]}
    done = quizzer(*args[command], deck, "--trust")
    assert done.returncode == 3, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "problem" in done.stderr


def test_review_refuses_a_deep_expression_as_a_deck_problem() -> None:
    done = quizzer("review", "--plain", "--deck", str(HOSTILE / "deep-answer.yaml"), "--trust")
    assert done.returncode == 3, done.stdout + done.stderr
    assert "nested too deeply" in done.stderr and "Traceback" not in done.stderr


def test_a_deck_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    deck = tmp_path / "huge.yaml"
    deck.write_bytes(b"deck: huge\ntitle: Huge\n# " + b"x" * (5 * 2**20) + b"\n")
    done = quizzer("lint", str(deck))
    assert done.returncode == 3
    assert f"{deck}:1:1: file is larger than 4 MiB" in done.stdout + done.stderr


class _Question:
    def __init__(self, ask: str) -> None:
        self.ask = ask
        self.params = None


def test_a_prompt_never_builds_a_huge_field_even_through_a_nested_width() -> None:
    question = _Question("{n:>3000000000}|{n:>{w}}|{n:>4}|{{n}}")
    assert fill_ask(question, {"n": 7, "w": 3_000_000_000}) == "7|7|   7|{n}"
