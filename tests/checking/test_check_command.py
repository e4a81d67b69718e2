"""`quizzer check` as a user runs it: hostile snippets, report formats, --fix/--create, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import REPO, machine_has_cuda

DECKS = Path(__file__).parent / "decks"
QUIZZER = Path(sys.executable).parent / "quizzer"


def quizzer(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "CI"} | (env or {})
    return subprocess.run([QUIZZER, *args], capture_output=True, text=True, env=environment, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def hostile() -> dict[str, dict]:
    run = quizzer(
        "check", str(DECKS / "hostile.yaml"), "--trust", "--timeout", "2", "--memory", "1G", "--format", "json"
    )
    assert run.returncode == 1, run.stderr
    return {result["id"].rsplit("/", 1)[1]: result for result in json.loads(run.stdout)["results"]}


@pytest.mark.parametrize(
    ("question", "status", "outcome", "message"),
    [
        ("python-loop", "error", "timeout", "stopped by the soft timeout"),
        ("long-c-op", "error", "timeout", "the worker was killed"),
        ("reads-stdin", "passed", "exception", ""),
        ("sys-exit", "passed", "exception", ""),
        ("os-exit", "error", "crashed", "exited with code 0"),
        ("kill-self", "error", "crashed", "SIGKILL"),
        ("segfault", "error", "crashed", "SIGSEGV"),
        ("recursion", "passed", "exception", ""),
        ("flood", "error", "output_too_large", "wrote more than"),
        ("memory-hog", "error", "out_of_memory", "can't allocate memory"),
        ("protocol-lookalike", "passed", "value", ""),
        ("leaves-thread", "passed", "value", ""),
        ("after-all-that", "passed", "value", ""),
    ],
)
def test_hostile_snippets_get_clear_outcomes(
    hostile: dict[str, dict], question: str, status: str, outcome: str, message: str
) -> None:
    result = hostile[question]
    assert result["status"] == status, result["message"]
    assert result["outcome"]["status"] == outcome
    assert message in result["message"]


def test_hostile_outcomes_record_provenance(hostile: dict[str, dict]) -> None:
    provenance = hostile["after-all-that"]["outcome"]["provenance"]
    assert provenance["torch"].startswith("2.") and provenance["device"].startswith("cpu") and provenance["python"]


def test_text_report_shows_what_differs_and_ends_with_the_counts() -> None:
    run = quizzer("check", str(DECKS / "behaviours.yaml"), "--trust", "-k", "*/n/[rw]*")
    assert run.returncode == 1
    lines = run.stdout.strip().splitlines()
    assert lines[0].startswith("quizzer check: torch 2.")
    failed = lines.index(f"FAILED behaviours/n/wrong-expect ({DECKS / 'behaviours.yaml'}:15)")
    assert lines[failed + 1 : failed + 4] == [
        "    expect: (3, 2)",
        "    truth:  torch.Size([2, 3])",
        "    expect '(3, 2)' is wrong: dims 0 and 1 swapped",
    ]
    assert "PASSED" not in run.stdout
    assert lines[-1] == "3 passed, 1 failed, 0 errors, 0 skipped"


def test_shipped_decks_pass_and_skip_only_gpu_questions() -> None:
    run = quizzer("check", str(REPO / "decks"))
    assert run.returncode == 0, run.stdout + run.stderr
    assert " passed, 0 failed, 0 errors, " in run.stdout.strip().splitlines()[-1]
    skips = [line for line in run.stdout.splitlines() if line.startswith("SKIPPED ")]
    assert skips and all(line.endswith(": requires device cuda (running on cpu)") for line in skips)


def test_junit_report_is_valid_xml_with_counts() -> None:
    run = quizzer("check", str(DECKS / "behaviours.yaml"), "--trust", "--format", "junit")
    assert run.returncode == 1
    suite = ET.fromstring(run.stdout).find("testsuite")
    assert suite is not None and suite.get("name") == "behaviours"
    assert (suite.get("tests"), suite.get("skipped")) == ("16", "2")
    failures = [case.get("name") for case in suite.iter("testcase") if case.find("failure") is not None]
    assert "wrong-expect" in failures and "right" not in failures


def test_fix_and_create_rewrite_only_those_lines_then_check_passes(tmp_path: Path) -> None:
    deck = tmp_path / "fixme.yaml"
    shutil.copy(Path(__file__).parent / "fix-before.yaml", deck)
    before = deck.read_text().splitlines()
    run = quizzer("check", str(deck), "--trust", "--fix", "--create")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"wrote 3 expect values in {deck}" in run.stderr
    after = deck.read_text().splitlines()
    assert len(after) == len(before) + 1
    assert deck.read_text() == (Path(__file__).parent / "fix-after.yaml").read_text()
    assert quizzer("check", str(deck), "--trust").returncode == 0


def test_fix_without_create_leaves_missing_expects(tmp_path: Path) -> None:
    deck = tmp_path / "fixme.yaml"
    shutil.copy(Path(__file__).parent / "fix-before.yaml", deck)
    run = quizzer("check", str(deck), "--trust", "--fix")
    assert run.returncode == 1 and "wrote 2 expect values" in run.stderr
    assert "FAILED fixme/n/missing" in run.stdout


def test_fix_refuses_to_write_under_ci(tmp_path: Path) -> None:
    deck = tmp_path / "fixme.yaml"
    shutil.copy(Path(__file__).parent / "fix-before.yaml", deck)
    run = quizzer("check", str(deck), "--trust", "--fix", env={"CI": "true"})
    assert run.returncode == 2 and "CI environment variable" in run.stderr
    assert deck.read_text() == (Path(__file__).parent / "fix-before.yaml").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--memory", "lots"], "--memory lots:"),
        (["--device", "cuda"], "--device cuda:"),  # no GPU here (skipped where there is one)
        (
            ["--device", "gpu"],
            "quizzer: --device gpu: not a device; use cpu, cuda, cuda:N (N = 0, 1, ...), mps or auto",
        ),
        (["--format", "yaml"], "Invalid value for '--format'"),
        (["--timeout", "0"], "Invalid value for '--timeout'"),
    ],
)
def test_bad_flags_exit_2_naming_the_flag(args: list[str], message: str) -> None:
    if args == ["--device", "cuda"] and machine_has_cuda():
        pytest.skip("this machine has a GPU: --device cuda is not an error here")
    run = quizzer("check", str(REPO / "decks"), *args)
    assert run.returncode == 2 and message in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
