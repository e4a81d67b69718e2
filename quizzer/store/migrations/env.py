"""Alembic environment: the same file serves SQLite (batch mode) and PostgreSQL, online and offline."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from quizzer.store.db import make_engine
from quizzer.store.models import Base

config = context.config
target_metadata = Base.metadata
url = config.get_main_option("sqlalchemy.url") or ""
is_sqlite = make_url(url).get_backend_name() == "sqlite"


def run_migrations_offline() -> None:
    """Emit the SQL only (``alembic upgrade --sql``), for review or for a DBA."""
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=is_sqlite)
    with context.begin_transaction():
        context.run_migrations()


def _foreign_keys_off(dbapi_connection: Any, connection_record: Any) -> None:
    # Batch mode rebuilds tables (copy, DROP, rename): with foreign keys on, the DROP would
    # delete or block the rows that point at the table. The PRAGMA is ignored inside a
    # transaction, so it runs as the connection opens, after make_engine's own set-up.
    dbapi_connection.execute("PRAGMA foreign_keys=OFF")


def run_migrations_online() -> None:
    """Migrate a live database, each revision in its own transaction."""
    engine = make_engine(url, poolclass=NullPool)  # the foreign-keys-off connection is never pooled
    if is_sqlite:
        event.listen(engine, "connect", _foreign_keys_off)
    with engine.connect() as connection:
        connection.execution_options(
            quizzer_write=True
        )  # BEGIN IMMEDIATE: concurrent first starts wait, then see the schema
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=is_sqlite,
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        if is_sqlite and (broken := connection.exec_driver_sql("PRAGMA foreign_key_check").all()):
            raise RuntimeError(f"foreign key violations after migration: {broken}")
        connection.commit()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
