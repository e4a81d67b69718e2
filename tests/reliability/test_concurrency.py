"""Two `quizzer review --plain` processes and a `quizzer check` on one data folder at once.

All three are real processes started together with the same QUIZZER_DATA_DIR; the two
reviews answer as fast as they can, on the same deck, so they contend for the same cards
and for the write lock on every answer. No "database is locked" (or any traceback) may
reach the user, every answer either review acknowledged must be in the log, and the
database must pass its integrity check with every card agreeing with its log.

`quizzer check` never opens the review database (it only runs decks): it is here for the
CPU and start-up contention it adds, as a learner running a check while studying would.
"""

from __future__ import annotations

import random
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from quizzer.review.service import ReviewService
from testsupport.crash_harness import (
    LOCKED,
    Answer,
    PlainProcess,
    check_database,
    drive,
    environment,
    write_config,
    write_deck,
)

ANSWERS_EACH = 12

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX process handling")


@pytest.mark.parametrize("database", ["fresh", "existing"])
def test_two_reviews_and_a_check_at_once(tmp_path: Path, database: str) -> None:
    deck, config = write_deck(tmp_path), write_config(tmp_path)
    data_dir = tmp_path / "data"
    db = data_dir / "quizzer.sqlite3"
    if database == "existing":  # created beforehand: the three start on a migrated, empty store
        data_dir.mkdir()
        ReviewService(f"sqlite:///{db}").close()
    env = environment(tmp_path, data_dir, config, f"concurrency-{database}")
    review_args = ["review", "--plain", "--deck", str(deck), "--trust"]
    reviews = [PlainProcess(review_args, env, tmp_path) for _ in range(2)]
    check = PlainProcess(["check", str(deck), "--trust", "--format", "json"], env, tmp_path)
    answers: list[list[Answer]] = [[], []]
    try:
        with ThreadPoolExecutor(2) as threads:  # both answer at the same time
            ends = list(
                threads.map(
                    lambda n: drive(
                        reviews[n],
                        random.Random(n),
                        answers[n],
                        None,
                        process=n + 1,
                        limit=ANSWERS_EACH,
                        commands=False,
                    ),
                    range(2),
                )
            )
    finally:
        for process in reviews:
            process.close_input()
        codes = [process.finish() for process in reviews]
        check_code = check.finish(timeout=120)

    outputs = {f"review {n}": p.stderr for n, p in enumerate(reviews, start=1)} | {"check": check.stderr}
    for name, stderr in outputs.items():
        assert LOCKED not in stderr.lower(), f"{name}: {stderr}"
        assert "Traceback" not in stderr, f"{name}: {stderr}"
    assert codes == [0, 0], outputs
    assert check_code == 0, [*check.stdout[-20:], check.stderr]
    assert ends == ["limit", "limit"]
    assert all(len(given) == ANSWERS_EACH and all(a.state == "acked" for a in given) for given in answers)

    result = check_database(db, answers[0] + answers[1], ordered=False)
    assert result.integrity_ok, result.integrity
    assert not result.lost, list(result.lost.values())
    assert not result.phantom, list(result.phantom.values())
    assert not result.mismatches, list(result.mismatches.values())
    assert result.rows == 2 * ANSWERS_EACH


def test_first_starts_at_once_on_a_fresh_database(tmp_path: Path) -> None:
    """Several processes creating the same new database at once all open it (the schema is created once).

    `quizzer export` opens the store exactly as `review` does (open_service), without a
    worker pool, so a few rounds of four fit in seconds.
    """
    config = write_config(tmp_path)
    for round_ in range(3):
        data_dir = tmp_path / f"data{round_}"
        env = environment(tmp_path, data_dir, config, f"fresh-{round_}")
        processes = [
            PlainProcess(["export", "--revlog", str(tmp_path / f"{round_}-{n}.csv")], env, tmp_path) for n in range(4)
        ]
        for process in processes:
            process.close_input()
        codes = [process.finish() for process in processes]
        errors = [process.stderr for process in processes]
        assert codes == [0, 0, 0, 0], errors
        assert not any(LOCKED in text.lower() or "Traceback" in text for text in errors), errors
