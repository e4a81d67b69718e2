"""Checks on a review database shared by tests and benchmarks: the per-quarter-hour counts against a recount."""

from __future__ import annotations

from sqlalchemy import create_engine, text

QUARTER_US = 900 * 1_000_000


def _rows(db_url: str, statement: str) -> dict[int, tuple[int, int, int]]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return {int(quarter): (int(a), int(r), int(k)) for quarter, a, r, k in connection.execute(text(statement))}
    finally:
        engine.dispose()


def stored_counts(db_url: str) -> dict[int, tuple[int, int, int]]:
    """``review_count`` as stored: quarter -> (answers, reviews, retained)."""
    return _rows(db_url, "SELECT quarter, answers, reviews, retained FROM review_count")


def recount(db_url: str) -> dict[int, tuple[int, int, int]]:
    """The same counts computed afresh from every ``review_log`` row (reviews: answers in the review phase)."""
    return _rows(
        db_url,
        f"SELECT reviewed_at / {QUARTER_US}, count(*),"
        " sum(CASE WHEN state_before = 2 THEN 1 ELSE 0 END),"
        " sum(CASE WHEN state_before = 2 AND rating > 1 THEN 1 ELSE 0 END)"
        f" FROM review_log GROUP BY reviewed_at / {QUARTER_US}",
    )
