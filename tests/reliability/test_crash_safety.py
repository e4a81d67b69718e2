"""`quizzer review --plain` killed with SIGKILL at random points loses nothing it acknowledged.

Runs tests/reliability/crash_harness.py at $QUIZZER_CRASH_KILLS kills (default 20; the
benchmark runs 200) with seed $QUIZZER_CRASH_SEED (default 0), and checks that the
harness's checker does catch a lost answer, a card out of step with its log, a stray
row and a damaged file, so that its zeros mean something.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from testsupport import crash_harness
from testsupport.crash_harness import Answer, KillPlan, PlainProcess, check_database, drive

KILLS = int(os.environ.get("QUIZZER_CRASH_KILLS", "20"))
SEED = int(os.environ.get("QUIZZER_CRASH_SEED", "0"))

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def test_sigkill_at_random_points_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    figures = crash_harness.run(KILLS, SEED, workdir=tmp_path)
    context = f"seed {SEED}: {figures}"
    assert figures["kills"] == KILLS, context
    assert figures["acknowledged"] > 0, context
    for name in (
        "lost",
        "phantom",
        "integrity_failures",
        "mismatches",
        "restart_failures",
        "locked_errors",
        "tracebacks",
        "hangs",
        "protocol_errors",
        "leftover_processes",
    ):
        assert figures[name] == 0, f"{name}: {context}"


@pytest.fixture(scope="module")
def answered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Answer]]:
    """A database with a few acknowledged answers (one process, killed after its 4th `== recorded`)."""
    root = tmp_path_factory.mktemp("checked")
    deck, config = crash_harness.write_deck(root, 8), crash_harness.write_config(root)
    env = crash_harness.environment(root, root / "data", config, "checker-test")
    answers: list[Answer] = []
    process = PlainProcess(["review", "--plain", "--deck", str(deck), "--trust"], env, root)
    assert drive(process, random.Random(1), answers, KillPlan("after recorded", 4), commands=False) == "killed"
    return root / "data" / "quizzer.sqlite3", answers


def _copy(db: Path, tmp_path: Path) -> Path:
    copy = crash_harness.snapshot_files(db, tmp_path / "copy")
    assert copy is not None
    return copy


def test_checker_passes_the_real_database(answered: tuple[Path, list[Answer]], tmp_path: Path) -> None:
    db, answers = answered
    result = check_database(_copy(db, tmp_path), answers)
    assert result.ok and result.rows == 4, result.problems()


def test_checker_catches_a_lost_answer(answered: tuple[Path, list[Answer]], tmp_path: Path) -> None:
    db, answers = answered
    copy = _copy(db, tmp_path)
    with sqlite3.connect(copy) as connection:
        connection.execute("DELETE FROM review_log WHERE id = (SELECT max(id) FROM review_log)")
    connection.close()
    result = check_database(copy, answers)
    assert len(result.lost) == 1 and result.mismatches, result.problems()


def test_checker_catches_a_card_out_of_step(answered: tuple[Path, list[Answer]], tmp_path: Path) -> None:
    db, answers = answered
    copy = _copy(db, tmp_path)
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE card SET stability = stability + 1 WHERE reps > 0")
    connection.close()
    result = check_database(copy, answers)
    assert not result.lost and len(result.mismatches) == 4, result.problems()


def test_checker_catches_a_stray_row(answered: tuple[Path, list[Answer]], tmp_path: Path) -> None:
    db, answers = answered
    copy = _copy(db, tmp_path)
    with sqlite3.connect(copy) as connection:
        connection.execute(
            "UPDATE review_log SET typed_answer = 'tampered' WHERE id = (SELECT min(id) FROM review_log)"
        )
    connection.close()
    result = check_database(copy, answers)
    assert result.lost and result.phantom, result.problems()


def test_checker_catches_a_damaged_file(answered: tuple[Path, list[Answer]], tmp_path: Path) -> None:
    db, answers = answered
    copy = _copy(db, tmp_path)
    with sqlite3.connect(copy) as connection:  # fold the WAL into the file, then damage its pages
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray(copy.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(page, len(data), page):  # every page but the first: its b-tree page header
        data[offset : offset + 8] = b"\x00" * 8
    copy.write_bytes(bytes(data))
    result = check_database(copy, answers)
    assert not result.ok, result.problems()


def test_checker_reports_answers_without_a_database(answered: tuple[Path, list[Answer]], tmp_path: Path) -> None:
    _, answers = answered
    assert len(check_database(tmp_path / "missing.sqlite3", answers).lost) == 4
    shutil.rmtree(tmp_path, ignore_errors=True)
