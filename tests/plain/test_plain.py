"""`quizzer review --plain` driven through real processes, checked against the database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

DECK = Path(__file__).parent / "study.yaml"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def review(data_dir: Path, *lines: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"QUIZZER_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "quizzer", "review", "--plain", "--deck", str(DECK), "--trust"],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def reviews(data_dir: Path) -> list[tuple]:
    with sqlite3.connect(data_dir / "quizzer.sqlite3") as db:
        card_keys = dict(db.execute("select id, key from card"))
        rows = db.execute("select card_id, rating, typed_answer, verdict from review_log order by id").fetchall()
    return [(card_keys[card], rating, typed, verdict) for card, rating, typed, verdict in rows]


def blocks(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("== ")]


def test_a_whole_session(data_dir: Path) -> None:
    run = review(data_dir, "2x3", "", "torch.cat", "3", "I think CPU", "")
    assert run.returncode == 0, run.stderr
    assert blocks(run.stdout) == [
        "== question 1 study/shapes/zeros [shape]",
        "== verdict correct",
        "== recorded 4 easy, next in " + blocks(run.stdout)[2].rsplit(" ", 1)[1],
        "== question 2 study/ops/which [choice]",
        "== verdict correct",
        "== recorded 3 good, next in " + blocks(run.stdout)[5].rsplit(" ", 1)[1],
        "== question 3 study/memory/pinned [recall]",
        "== verdict self_graded",
        "== recorded 3 good, next in " + blocks(run.stdout)[8].rsplit(" ", 1)[1],
        "== done: reviewed 3, correct 3 (100%), 0.0 min, 0 left today",
    ]
    assert "  1. torch.stack" in run.stdout and "  2. torch.cat" in run.stdout
    assert "truth: On the CPU, in page-locked memory." in run.stdout
    assert reviews(data_dir) == [
        ("study/shapes/zeros", 4, "2x3", "correct"),
        ("study/ops/which", 3, "torch.cat", "correct"),
        ("study/memory/pinned", 3, "I think CPU", "self_graded"),
    ]


def test_wrong_answer_explains_and_suggests_again(data_dir: Path) -> None:
    run = review(data_dir, "(3, 2)", "")
    assert "== verdict wrong" in run.stdout and "explanation: dims 0 and 1 swapped" in run.stdout
    assert "suggested: 1 again" in run.stdout and "about: Shapes" in run.stdout
    assert reviews(data_dir) == [("study/shapes/zeros", 1, "(3, 2)", "wrong")]


def test_unparsed_keeps_the_question_and_records_nothing(data_dir: Path) -> None:
    run = review(data_dir, "two by three", "(2, 3)", "2")
    out = blocks(run.stdout)
    assert out[:4] == [
        "== question 1 study/shapes/zeros [shape]",
        "== verdict unparsed",
        "== verdict correct",
        "== recorded 2 hard, next in " + out[3].rsplit(" ", 1)[1],
    ]
    assert "hint: " in run.stdout
    assert reviews(data_dir) == [("study/shapes/zeros", 2, "(2, 3)", "correct")]


def test_end_of_input_is_a_clean_exit_and_a_resume_continues(data_dir: Path) -> None:
    first = review(data_dir, "(2, 3)", "3", "torch.cat")  # graded, never rated: not recorded
    assert first.returncode == 0 and blocks(first.stdout)[-1].startswith("== done: reviewed 1")
    assert len(reviews(data_dir)) == 1
    second = review(data_dir)
    assert blocks(second.stdout)[0] == "== question 1 study/ops/which [choice]"


def test_undo_restores_the_card_and_removes_its_log_row(data_dir: Path) -> None:
    run = review(data_dir, "(2, 3)", "4", ":undo", "(2, 3)", "1", ":quit")
    out = blocks(run.stdout)
    assert "== undone study/shapes/zeros" in out
    assert out[out.index("== undone study/shapes/zeros") + 1] == "== question 3 study/shapes/zeros [shape]"
    assert reviews(data_dir) == [("study/shapes/zeros", 1, "(2, 3)", "correct")]


def test_suspend_and_skip(data_dir: Path) -> None:
    run = review(data_dir, ":suspend", ":skip", ":quit")
    assert blocks(run.stdout)[:4] == [
        "== question 1 study/shapes/zeros [shape]",
        "== suspended",
        "== question 2 study/ops/which [choice]",
        "== skipped",
    ]
    with sqlite3.connect(data_dir / "quizzer.sqlite3") as db:
        assert db.execute("select key from card where suspended").fetchall() == [("study/shapes/zeros",)]
    assert reviews(data_dir) == []


def test_unknown_command_and_bad_rating_are_explained(data_dir: Path) -> None:
    run = review(data_dir, ":frob", "(2, 3)", "9", "3", ":quit")
    assert "== unknown command :frob; commands: :undo :skip :suspend :bury :quit" in run.stdout
    assert "== rate with 1-4, or an empty line for the suggestion" in run.stdout
    assert reviews(data_dir) == [("study/shapes/zeros", 3, "(2, 3)", "correct")]


def test_export_revlog_writes_the_optimizer_csv(data_dir: Path, tmp_path: Path) -> None:
    review(data_dir, "(2, 3)", "3", "2", "1", ":quit")
    out = tmp_path / "revlog.csv"
    env = os.environ | {"QUIZZER_DATA_DIR": str(data_dir)}
    run = subprocess.run(
        [sys.executable, "-m", "quizzer", "export", "--revlog", str(out)], capture_output=True, text=True, env=env
    )
    assert run.returncode == 0 and "wrote 2 reviews" in run.stderr
    header, *rows = out.read_text().splitlines()
    assert header == "card_id,review_time,review_rating,review_state,review_duration"
    assert [row.split(",")[2] for row in rows] == ["3", "1"]
