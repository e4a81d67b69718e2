"""`quizzer review --plain` driven through real processes, checked against the database."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

DECK = Path(__file__).parent / "study.yaml"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def command(deck: Path = DECK) -> list[str]:
    """`quizzer review --plain` on ``deck``, on the CPU whatever the machine has."""
    return [sys.executable, "-m", "quizzer", "review", "--plain", "--deck", str(deck), "--trust", "--device", "cpu"]


def review(data_dir: Path, *lines: str, deck: Path = DECK, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(deck),
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        env=os.environ | {"QUIZZER_DATA_DIR": str(data_dir), **env},
        timeout=120,
    )


def reviews(data_dir: Path) -> list[tuple]:
    with sqlite3.connect(data_dir / "quizzer.sqlite3") as db:
        card_keys = dict(db.execute("select id, key from card"))
        rows = db.execute("select card_id, rating, typed_answer, verdict from review_log order by id").fetchall()
    return [(card_keys[card], rating, typed, verdict) for card, rating, typed, verdict in rows]


def blocks(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("== ")]


def without_minutes(block: str) -> str:
    """A ``== done`` line with its duration (wall-clock time) replaced by ``M``."""
    return re.sub(r", [0-9.]+ min,", ", M min,", block)


def test_a_whole_session(data_dir: Path) -> None:
    run = review(data_dir, "2x3", "4", "torch.cat", "3", "I think CPU", "")
    assert run.returncode == 0, run.stderr
    out = blocks(run.stdout)
    assert out[:-1] == [
        "== question 1 study/shapes/zeros [shape]",
        "== verdict correct",
        "== recorded 4 easy, next in 7d",
        "== question 2 study/ops/which [choice]",
        "== verdict correct",
        "== recorded 3 good, next in 10m",
        "== question 3 study/memory/pinned [recall]",
        "== verdict self_graded",
        "== recorded 3 good, next in 10m",
        "== waiting: study/ops/which is due in 10m; an empty line studies it now, :quit ends",
    ]
    assert without_minutes(out[-1]) == "== done: reviewed 3, correct 3 (100%), M min, 2 left today"
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
    assert "== unknown command :frob; commands: :undo :skip :suspend :bury :edit :quit" in run.stdout
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


def test_setting_an_answered_card_aside_records_the_answer_first(data_dir: Path) -> None:
    run = review(data_dir, "(2, 3)", ":suspend", ":quit")
    out = blocks(run.stdout)
    assert out[2].startswith("== recorded ") and out[3] == "== suspended"
    assert [(card, typed) for card, _, typed, _ in reviews(data_dir)] == [("study/shapes/zeros", "(2, 3)")]
    with sqlite3.connect(data_dir / "quizzer.sqlite3") as db:
        assert db.execute("select key from card where suspended").fetchall() == [("study/shapes/zeros",)]


def test_a_learning_card_due_soon_keeps_the_session_open(data_dir: Path) -> None:
    run = review(data_dir, "(3, 2)", "1", ":skip", ":skip", "", "(2, 3)", "4")
    out = blocks(run.stdout)
    assert re.fullmatch(  # a minute after the answer was recorded, less the seconds since
        r"== waiting: study/shapes/zeros is due in (1m|[0-9]+s); an empty line studies it now, :quit ends", out[7]
    )
    assert out[8:10] == ["== question 4 study/shapes/zeros [shape]", "== verdict correct"]
    assert [rating for _, rating, _, _ in reviews(data_dir)] == [1, 4]


def test_edit_opens_the_editor_at_the_question_and_asks_it_as_edited(data_dir: Path, tmp_path: Path) -> None:
    deck = tmp_path / "study.yaml"
    deck.write_text(DECK.read_text())
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import pathlib, sys\n"
        "path = pathlib.Path(sys.argv[2])\n"
        "(path.parent / 'line').write_text(sys.argv[1])\n"
        "path.write_text(path.read_text().replace('What is torch', 'Edited, what is torch'))\n"
    )
    run = review(data_dir, ":edit", ":quit", deck=deck, EDITOR=f"{sys.executable} {editor}")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "line").read_text() == "+9"
    assert blocks(run.stdout)[1:3] == ["== deck reloaded", "== question 2 study/shapes/zeros [shape]"]
    assert "Edited, what is torch.zeros(2, 3).shape?" in run.stdout


def test_an_undo_refused_because_another_session_answered_the_card_is_one_line(data_dir: Path) -> None:
    first = subprocess.Popen(
        command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"QUIZZER_DATA_DIR": str(data_dir)},
    )
    assert first.stdin is not None and first.stdout is not None
    first.stdin.write("(3, 2)\n1\n")  # Again: the card is due again in a minute
    first.stdin.flush()
    for line in first.stdout:
        if line.startswith("== recorded"):
            break
    other = review(data_dir, ":skip", ":skip", "", "(2, 3)", "4")  # studies that card ahead, and rates it
    assert "== question 3 study/shapes/zeros [shape]" in other.stdout
    rest, _ = first.communicate(":undo\n:quit\n", timeout=120)
    assert first.returncode == 0
    assert "== cannot undo: card study/shapes/zeros changed after answer 1" in rest and "Traceback" not in rest
    assert [rating for _, rating, _, _ in reviews(data_dir)] == [1, 4]


def test_a_question_this_device_cannot_run_is_left_out(data_dir: Path, tmp_path: Path) -> None:
    deck = tmp_path / "gpu.yaml"
    deck.write_text(
        DECK.read_text().replace(
            "    questions:\n      - id: zeros\n",
            "    questions:\n      - id: zeros\n        requires: {device: cuda}\n",
        )
    )
    run = review(data_dir, ":quit", deck=deck)
    assert blocks(run.stdout)[:2] == [
        "== left out study/shapes/zeros: requires device cuda (running on cpu)",
        "== question 1 study/ops/which [choice]",
    ]


def test_a_malformed_device_is_a_usage_error() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "quizzer", "review", "--plain", "--deck", str(DECK), "--device", "gpu"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        "quizzer: --device gpu: not a device; use cpu, cuda, cuda:N (N = 0, 1, ...), mps or auto"
    ]
