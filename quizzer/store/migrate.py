"""Schema migrations run from code at start-up: back up, upgrade, or refuse a newer database.

``upgrade_database(url)`` brings a database to the newest schema this quizzer knows.
A fresh database is created; an older one is first copied next to itself (SQLite's
online backup API, consistent even with a live WAL) and then upgraded; one whose
revision this quizzer does not know was written by a newer quizzer and raises
``SchemaTooNewError`` (exit 4) without being touched. No alembic.ini is needed.
"""

from __future__ import annotations

import sqlite3
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.pool import NullPool

from quizzer.store.db import make_engine, shown_url, sqlite_file
from quizzer.store.errors import SchemaTooNewError

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = "quizzer.store:migrations"
HEAD_REVISION = "0004"  # the newest migration; a test keeps it equal to alembic's head


def _stored_sqlite_revision(url: str) -> str | None:
    """The revision in a SQLite file, read without alembic; None when it cannot be read that way."""
    path = sqlite_file(url)
    if path is None or not path.exists():
        return None
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def alembic_config(url: str) -> Config:
    """Alembic's configuration for ``url``, pointing at the migrations shipped in this package."""
    from alembic.config import Config

    # Pass stdout now: alembic's default is the sys.stdout of the moment alembic was first
    # imported, which may be a stream that no longer exists (it is imported lazily).
    config = Config(stdout=sys.stdout)
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # ini-style interpolation
    return config


def current_revision(url: str) -> str | None:
    """The schema revision stored in the database (None for a database never migrated)."""
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def upgrade_database(url: str) -> Path | None:
    """Bring the database at ``url`` to the newest schema; return the backup made first, if any.

    A SQLite file already at the newest revision is recognised without importing alembic,
    which keeps the start of a review session short.
    """
    if _stored_sqlite_revision(url) == HEAD_REVISION:
        return None
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config(url)
    script = ScriptDirectory.from_config(config)
    current = current_revision(url)
    if current == script.get_current_head():
        return None
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise SchemaTooNewError(
            f"the database {shown_url(url)} has schema revision {current!r}, written by a newer quizzer; "
            "upgrade quizzer or choose another database with --db"
        )
    backup = backup_sqlite(url, current) if current is not None else None
    command.upgrade(config, "head")
    return backup


def backup_sqlite(url: str, revision: str) -> Path | None:
    """Copy a SQLite database to ``<file>.<revision>-<UTC time>.bak``; None for other backends."""
    path = sqlite_file(url)
    if path is None or not path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.{revision}-{stamp}.bak")
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return target
