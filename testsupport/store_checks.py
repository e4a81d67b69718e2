"""Checks on a review database shared by tests and benchmarks: the per-quarter-hour counts against a recount."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

QUARTER_US = 900 * 1_000_000


def stored_counts(db_path: Path) -> dict[int, tuple[int, int, int]]:
    """``review_count`` as stored: quarter -> (answers, reviews, retained)."""
    with closing(sqlite3.connect(db_path)) as db:
        rows = db.execute("SELECT quarter, answers, reviews, retained FROM review_count").fetchall()
    return {quarter: (answers, reviews, retained) for quarter, answers, reviews, retained in rows}


def recount(db_path: Path) -> dict[int, tuple[int, int, int]]:
    """The same counts computed afresh from every ``review_log`` row (reviews: answers in the review phase)."""
    with closing(sqlite3.connect(db_path)) as db:
        rows = db.execute(
            f"SELECT reviewed_at / {QUARTER_US}, count(*), sum(state_before = 2), sum(state_before = 2 AND rating > 1)"
            " FROM review_log GROUP BY 1"
        ).fetchall()
    return {quarter: (answers, reviews, retained) for quarter, answers, reviews, retained in rows}
