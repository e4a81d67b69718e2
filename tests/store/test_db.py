"""Engine set-up: SQLite pragmas, transactions, foreign keys and UTC datetimes."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError

from quizzer.store.db import BUSY_TIMEOUT_MS, make_engine, read_session, session_factory, sqlite_file, write_session
from quizzer.store.migrate import upgrade_database
from quizzer.store.models import Card, CardAlias

NOW = datetime(2025, 1, 1, 12, tzinfo=UTC)


@pytest.fixture
def sessions(db_url: str):
    upgrade_database(db_url)
    engine = make_engine(db_url)
    yield session_factory(engine)  # with the default profile, id 1, that every database starts with
    engine.dispose()


def new_card(key: str = "d/n/q") -> Card:
    deck, note, question = key.split("/")
    return Card(profile_id=1, key=key, deck=deck, note=note, question=question, truth_hash="h", due=NOW, created_at=NOW)


def test_sqlite_file_urls() -> None:
    assert sqlite_file("sqlite:////tmp/x.db") == Path("/tmp/x.db")
    assert sqlite_file("sqlite://") is None
    assert sqlite_file("postgresql://u@h/db") is None


def test_pragmas_are_set_on_every_connection(sessions, db_path: Path) -> None:
    assert db_path.parent.is_dir()  # the data folder is created
    with read_session(sessions) as session:
        pragma = {
            name: session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        }
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": BUSY_TIMEOUT_MS, "synchronous": 2}


def test_foreign_keys_are_enforced(sessions) -> None:
    with pytest.raises(IntegrityError), write_session(sessions) as session:
        session.add(CardAlias(profile_id=1, alias="a/b/c", card_id=999))


def test_datetimes_come_back_aware_in_utc(sessions) -> None:
    paris = timezone(timedelta(hours=1))
    with write_session(sessions) as session:
        card = new_card()
        card.due = NOW.astimezone(paris)
        session.add(card)
    with read_session(sessions) as session:
        stored = session.query(Card).one()
    assert stored.due == NOW and stored.due.tzinfo is UTC


def test_naive_datetimes_are_refused(sessions) -> None:
    with pytest.raises(StatementError, match="no time zone"), write_session(sessions) as session:
        card = new_card()
        card.due = datetime(2025, 1, 1)
        session.add(card)


def test_a_failed_write_leaves_nothing(sessions) -> None:
    with pytest.raises(RuntimeError), write_session(sessions) as session:
        session.add(new_card())
        session.flush()
        raise RuntimeError("boom")
    with read_session(sessions) as session:
        assert session.query(Card).count() == 0


def test_write_sessions_take_the_write_lock_up_front(sessions, db_path: Path) -> None:
    """BEGIN IMMEDIATE: while one write transaction is open, another process cannot even begin one."""
    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        with write_session(sessions) as session:
            session.execute(text("SELECT 1"))  # a read only, yet the write lock is held
            entered.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    assert entered.wait(5)
    other = sqlite3.connect(db_path, timeout=0.05, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    finally:
        release.set()
        holder.join()
        other.close()
