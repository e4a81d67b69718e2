"""Bad input from a terminal or a file (issue 13, item 5): bytes that are not UTF-8, odd line breaks.

Real processes: `review --plain` fed a byte that is not UTF-8 records the answer (with
U+FFFD in its place) instead of ending in UnicodeEncodeError; `grade` takes such bytes on
its command line; `grade --batch` ends lines only at \\n, so an answer holding a form feed
or U+2028 stays one answer.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

DECK = Path(__file__).parent / "study.yaml"
FIXTURE = ["--deck", str(REPO / "tests" / "study" / "fixture.yaml"), "--trust"]
Q = "grading-fixture/lstm-shapes/hn-shape-batch-first"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="bytes on the command line are POSIX")


@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
def test_an_answer_with_a_byte_that_is_not_utf8_is_recorded(tmp_path: Path, locale: str) -> None:
    data = tmp_path / "data"
    env = os.environ | {"QUIZZER_DATA_DIR": str(data), "LC_ALL": locale}
    run = subprocess.run(
        [sys.executable, "-m", "quizzer", "review", "--plain", "--deck", str(DECK), "--trust", "--device", "cpu"],
        input=b"2x3\n3\n2\n3\nOn the CPU\xff, pinned\n3\n",
        capture_output=True,
        env=env,
        timeout=120,
    )
    stdout, stderr = run.stdout.decode("utf-8", "replace"), run.stderr.decode("utf-8", "replace")
    assert run.returncode == 0 and "Traceback" not in stderr, stderr
    assert stdout.count("== recorded") == 3
    with sqlite3.connect(data / "quizzer.sqlite3") as db:
        typed = [row[0] for row in db.execute("select typed_answer from review_log order by id")]
    assert typed[-1] == "On the CPU\ufffd, pinned"


def quizzer(*args: str | bytes, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "quizzer", *args, *FIXTURE], capture_output=True, input=stdin, timeout=120
    )


def test_grade_takes_bytes_that_are_not_utf8_on_its_command_line() -> None:
    run = quizzer("grade", Q, b"2x3x20\xff", "--json")
    assert b"Traceback" not in run.stderr, run.stderr
    document = json.loads(run.stdout)
    assert document["answer"] == "2x3x20\ufffd" and run.returncode in (0, 1, 3)


def test_grade_batch_ends_lines_only_at_newlines() -> None:
    lines = f"{Q}\t(2,\f3, 20)\n{Q}\t(2,\u2028 3, 20)\r\n{Q}\t(2, 3,\x85 20)\n{Q}\t2x3x20\xff\n"
    run = quizzer("grade", "--batch", "-", stdin=lines.encode("utf-8").replace("\xff".encode(), b"\xff"))
    assert b"Traceback" not in run.stderr and b"expected ID<TAB>ANSWER" not in run.stderr, run.stderr
    answers = [json.loads(line)["answer"] for line in run.stdout.decode().splitlines()]
    assert answers == ["(2,\f3, 20)", "(2,\u2028 3, 20)", "(2, 3,\x85 20)", "2x3x20\ufffd"]
