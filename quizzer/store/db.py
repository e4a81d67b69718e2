"""Engines and sessions: SQLite tuned to never lose an acknowledged answer, or any SQLAlchemy URL.

SQLite connections get WAL (readers never block the writer), foreign keys on, a 10 s
busy timeout, and ``synchronous=FULL``: in WAL mode NORMAL only syncs at checkpoints, so
a power cut or OS crash can roll back the last commits. FULL syncs the WAL on every
commit, one fsync (about 0.1 to 1 ms on an SSD) per answer, which is what "every answer
acknowledged on stdout is already committed" needs.

Python 3.11's sqlite3 does not BEGIN before a SELECT, so a read-then-write would not be
one transaction. Its own transaction handling is turned off and SQLAlchemy emits BEGIN
itself: ``BEGIN IMMEDIATE`` for ``write_session`` (the write lock is taken up front, so a
concurrent writer waits instead of failing half-way), plain ``BEGIN`` for reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000
_WRITE = "quizzer_write"  # execution option: this transaction will write


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL, or None (another backend, or in-memory)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def shown_url(url: str) -> str:
    """``url`` as it may be printed: its password, if it has one, replaced by ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # not a URL SQLAlchemy reads: printed as given, it holds no parsed password
        return url


def make_engine(url: str, **engine_kwargs: Any) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created and its connections tuned (module doc)."""
    engine = create_engine(url, **engine_kwargs)
    if engine.dialect.name == "sqlite":
        if (path := sqlite_file(url)) is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    dbapi_connection.isolation_level = None  # sqlite3 leaves BEGIN to _sqlite_begin
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit (callers get plain data, not lazy rows)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def write_session(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One write transaction: committed when the block ends, rolled back if it raises."""
    with factory.begin() as session:
        session.connection(execution_options={_WRITE: True})
        yield session


@contextmanager
def read_session(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One read-only transaction (one consistent view of the data), closed when the block ends."""
    with factory() as session:
        yield session
