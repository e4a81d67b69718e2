"""A review process killed with SIGKILL loses no answer it acknowledged, and leaves a sound database."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.review.conftest import build_deck

ACKNOWLEDGED_BEFORE_KILL = 40

CHILD = """
import json, sys
from datetime import datetime, timedelta, timezone
from quizzer.decks.model import Deck
from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import Settings

deck = Deck.model_validate(json.loads(sys.argv[2]))
service = ReviewService(sys.argv[1], Settings(new_per_day=1000, reviews_per_day=1000, timezone="UTC"))
now = datetime(2025, 3, 3, 10, tzinfo=timezone.utc)
service.sync([deck], now)
print("ready", flush=True)
answers = 0
while True:
    card = service.next_card(now)
    if card is None:
        now += timedelta(days=1)
        continue
    result = service.answer(card.card_id, 1 + answers % 4, now, typed_answer=str(answers), duration_ms=answers)
    print(result.review_id, card.card_id, flush=True)  # the acknowledgement: after the commit
    answers += 1
    now += timedelta(seconds=30)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_acknowledged_answers_survive_sigkill(tmp_path: Path) -> None:
    db = tmp_path / "quizzer.sqlite3"
    deck = build_deck(notes={f"n{i}": ["q"] for i in range(30)})
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, f"sqlite:///{db}", deck.model_dump_json()],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "ready"
        acknowledged: dict[int, str] = {}
        while len(acknowledged) < ACKNOWLEDGED_BEFORE_KILL:
            review_id, card_id = child.stdout.readline().split()
            acknowledged[int(review_id)] = card_id
        child.send_signal(signal.SIGKILL)  # mid-loop: likely between a commit and the next print
        child.wait(10)
        for line in child.stdout.read().splitlines():  # acknowledged after our last read
            if len(parts := line.split()) == 2:
                acknowledged[int(parts[0])] = parts[1]
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    assert child.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        query = "SELECT review_log.id, card.key FROM review_log JOIN card ON card.id = review_log.card_id"
        logged = dict(connection.execute(query).fetchall())
        reps = connection.execute("SELECT sum(reps) FROM card").fetchone()[0]
    assert acknowledged.items() <= logged.items()
    assert reps == len(logged)  # every logged answer also moved its card: one transaction each
