"""`quizzer review` in a real terminal: a returning learner starts on the saved copy of the question left on screen."""

from __future__ import annotations

import os
import sqlite3
import sys

from quizzer import paths
from tests.tui.conftest import HERE
from testsupport.terminal import Terminal

COMMAND = [
    sys.executable,
    "-m",
    "quizzer",
    "review",
    "--deck",
    str(HERE / "study.yaml"),
    "--only",
    "study",
    "--trust",
    "--device",
    "cpu",
]


def test_a_returning_learner_starts_on_the_saved_question_and_answers_it() -> None:
    env = os.environ | {"TERM": "xterm-256color", "COLUMNS": "80", "LINES": "30"}
    first = Terminal(COMMAND, env)
    try:
        first.wait_for(b"What is")
        first.wait_for(b"truth ready")  # nothing typed: quit with the question on screen
    finally:
        first.close()
    assert paths.next_question_file().exists()

    second = Terminal(COMMAND, env)
    try:
        second.wait_for(b"opening the session")  # painted from the saved question, before the store opens
        second.wait_for(b"truth ready")  # the session confirmed the question and computed its truth
        second.type(b"2x3")
        second.wait_for(b"2x3")  # echoed by the answer box
        second.type(b"\r")
        second.wait_for(b"Correct")
        second.type(b"\r")
        second.wait_for(b"recorded")
    finally:
        second.close()
    with sqlite3.connect(paths.db_file()) as db:
        rows = db.execute(
            "select card.key, typed_answer, verdict from review_log join card on card.id = card_id"
        ).fetchall()
    assert rows == [("study/shapes/zeros", "2x3", "correct")]
