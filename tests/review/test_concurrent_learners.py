"""Ten learners answering at once, each in its own process, on one database (SQLite file and PostgreSQL).

Every process answers cards drawn from the same few, so answers contend for the same rows. No
process may fail, every acknowledged answer must have its log row, and every card's state must
agree with its log (its review count equals its rows): no answer applied to a stale card.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

from tests.review.conftest import NOW, MakeService, build_deck, sql

LEARNERS = 10
ANSWERS_EACH = 15
PROCESS_TIMEOUT_S = 300  # a bound for a hung process, not a speed target


def test_ten_learners_at_once_lose_nothing(make_service: MakeService, db_url: str) -> None:
    deck = build_deck(notes={"n1": ["q1", "q2", "q3"], "n2": ["q1", "q2"]})
    service = make_service()
    service.sync([deck], NOW)
    keys = [f"d/{note.id}/{q.id}" for note in deck.notes for q in note.questions]
    learners = [
        subprocess.Popen(
            [sys.executable, "-m", "testsupport.learner_process", db_url, str(n), str(ANSWERS_EACH), *keys],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(LEARNERS)
    ]
    outputs = [learner.communicate(timeout=PROCESS_TIMEOUT_S) for learner in learners]
    assert [learner.returncode for learner in learners] == [0] * LEARNERS, [err for _, err in outputs]
    acked = [line.split() for out, _ in outputs for line in out.splitlines()]
    assert len(acked) == LEARNERS * ANSWERS_EACH

    rows = sql(db_url, "SELECT review_log.id AS id, card.key AS key FROM review_log JOIN card ON card.id = card_id")
    assert sorted((key, int(review)) for _, key, review in acked) == sorted((r["key"], r["id"]) for r in rows)
    per_card = Counter(r["key"] for r in rows)
    reps = {r["key"]: r["reps"] for r in sql(db_url, "SELECT key, reps FROM card")}
    assert reps == {key: per_card[key] for key in keys}


def test_learners_killed_mid_answer_lose_no_acknowledged_answer(make_service: MakeService, db_url: str) -> None:
    """SIGKILL each learner after its fifth acknowledgement, while it is answering the next ones.

    Every acknowledged answer is in the log; at most one more row per learner (the answer in flight
    when it died, committed but not yet printed); every card agrees with its log.
    """
    deck = build_deck(notes={"n1": ["q1", "q2"], "n2": ["q1"]})
    make_service().sync([deck], NOW)
    keys = [f"d/{note.id}/{q.id}" for note in deck.notes for q in note.questions]
    acked: list[tuple[str, int]] = []
    for n in range(4):
        learner = subprocess.Popen(
            [sys.executable, "-m", "testsupport.learner_process", db_url, str(n), "100000", *keys],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert learner.stdout is not None
        for _ in range(5):
            _, key, review = learner.stdout.readline().split()
            acked.append((key, int(review)))
        learner.kill()
        rest, _ = learner.communicate(timeout=PROCESS_TIMEOUT_S)
        acked += [(key, int(review)) for _, key, review in (line.split() for line in rest.splitlines() if line)]
        assert learner.returncode == -9

    rows = sql(db_url, "SELECT review_log.id AS id, card.key AS key FROM review_log JOIN card ON card.id = card_id")
    logged = {(r["key"], r["id"]) for r in rows}
    assert set(acked) <= logged and len(logged) - len(acked) <= 4
    per_card = Counter(r["key"] for r in rows)
    reps = {r["key"]: r["reps"] for r in sql(db_url, "SELECT key, reps FROM card")}
    assert reps == {key: per_card[key] for key in keys}
