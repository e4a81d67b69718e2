"""Checks on a review database shared by tests and benchmarks: the per-quarter-hour counts against a recount."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

QUARTER_US = 900 * 1_000_000


def stored_counts(db_path: Path) -> dict[tuple[int, int, int], int]:
    """``review_count`` as stored: (quarter, state_before, rating) -> answers."""
    with closing(sqlite3.connect(db_path)) as db:
        rows = db.execute("SELECT quarter, state_before, rating, answers FROM review_count").fetchall()
    return {(quarter, state, rating): answers for quarter, state, rating, answers in rows}


def recount(db_path: Path) -> dict[tuple[int, int, int], int]:
    """The same counts computed afresh from every ``review_log`` row."""
    with closing(sqlite3.connect(db_path)) as db:
        rows = db.execute(
            f"SELECT reviewed_at / {QUARTER_US}, state_before, rating, count(*) FROM review_log GROUP BY 1, 2, 3"
        ).fetchall()
    return {(quarter, state, rating): answers for quarter, state, rating, answers in rows}
