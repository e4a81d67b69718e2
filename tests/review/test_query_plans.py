"""Query plans: the hot queries of the review store are driven by an index, never by a walk over cards or the log.

Every statement the service runs for the queue, the counts, an answer, an undo and the
statistics is captured and explained (``EXPLAIN QUERY PLAN``) on a small collection;
a ``SCAN`` of ``card`` or ``review_log`` (a full pass, with or without an index) fails
the test (a pass over a partial index, which holds only the rows it is for, is fine).
Two reads go over all of a learner's rows by design: the revlog export (every row, in
time order) and the weakest notes when fewer than ten notes have lapses (every note with
Again answers is ranked then). The profile leads the indexes, so even they read one
learner's range of an index, never another learner's rows; the markers stay allowed.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from quizzer.review.revlog_export import _QUERY as EXPORT
from quizzer.review.service import ReviewService
from tests.review.conftest import NOW, MakeService, build_deck

FULL_PASS_BY_DESIGN = (
    "FROM review_log WHERE profile_id = ",  # export --revlog: the learner's every row in time order
    "sum(coalesce(",  # the weakest notes when fewer than ten notes have lapses: every note is ranked
)
PARTIAL_INDEXES = ("ix_card_lapsed", "ix_review_log_again_card_id")  # a pass over one holds only its few rows


def scans(db: Path, statements: list[tuple[str, tuple]]) -> tuple[list[str], list[str]]:
    """The statements whose plan has a full pass over card or review_log, with their plans: (refused, by design)."""
    found, allowed = [], []
    with sqlite3.connect(db) as connection:
        for sql, params in statements:
            plan = [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql, params)]
            full = [
                step
                for step in plan
                if step.startswith(("SCAN card", "SCAN review_log")) and not step.endswith(PARTIAL_INDEXES)
            ]
            if full:
                by_design = any(marker in sql for marker in FULL_PASS_BY_DESIGN)
                (allowed if by_design else found).append(f"{' '.join(sql.split())}\n    {plan}")
    return found, allowed


@pytest.fixture
def busy(make_service: MakeService) -> ReviewService:
    """A collection with new, learning and review cards over three decks, answers today and before."""
    service = make_service(new_per_day=5, reviews_per_day=4)
    service.sync([build_deck(deck, {f"n{i}": ["q1", "q2"] for i in range(6)}) for deck in "abc"], NOW)
    for index, deck in enumerate("abc"):
        for note in range(4):
            service.answer(f"{deck}/n{note}/q1", 4 if note % 2 else 1, NOW - timedelta(days=30 - index))
    return service


def test_hot_queries_use_indexes(busy: ReviewService, db_url: str, tmp_path: Path) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the plans checked are SQLite's (EXPLAIN QUERY PLAN)")
    statements: list[tuple[str, tuple]] = []

    @event.listens_for(busy._engine, "before_cursor_execute")
    def capture(connection, cursor, sql, params, context, executemany) -> None:
        if not executemany and sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "WITH")):
            statements.append((sql, tuple(params)))

    now = NOW + timedelta(days=1)
    busy.due_queue(now)
    busy.due_queue(now, ["a"], limit=1)
    busy.due_queue(now, tags=["x"])
    busy.next_card(now)
    busy.learning_ahead(now)
    busy.scope_counts(now)
    busy.scope_counts(now, ["a", "b"])
    busy.counts(now)
    busy.new_card_limit(now)
    card = busy.next_card(now)
    assert card is not None
    busy.preview(card.card_id, now)
    busy.answer(card.card_id, 3, now, truth={"status": "value"}, params={"n": 1}, device="cpu")
    busy.undo()
    busy.stats(now)
    busy.export_revlog(tmp_path / "revlog.csv")
    busy.sync([build_deck(deck, {f"n{i}": ["q1", "q2"] for i in range(6)}) for deck in "abc"], now)
    assert len(statements) > 30
    export = EXPORT.format(profile=busy.profile_id)
    statements.append((export, ()))  # runs on the driver's cursor, which the event does not see
    found, allowed = scans(Path(db_url.removeprefix("sqlite:///")), statements)
    assert not found, "full passes over card or review_log:\n" + "\n".join(found)
    assert allowed == []  # the reads of everything are one profile's index range too
