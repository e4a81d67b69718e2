"""Migrations at start-up: fresh databases, upgrades that keep data (with a backup), newer databases refused."""

from __future__ import annotations

import io
import shutil
import sqlite3
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

import pytest
from alembic import command

from quizzer.store import migrate
from quizzer.store.errors import DatabaseError, SchemaTooNewError
from quizzer.store.migrate import alembic_config, current_revision, upgrade_database
from quizzer.store.models import Base

HEAD = "0004"

REVISION_NEXT = '''"""Test-only revision: widens a column and adds one, which makes SQLite rebuild the card table."""

import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("card") as batch_op:
        batch_op.alter_column("deck", existing_type=sa.String(100), type_=sa.String(200))
        batch_op.add_column(sa.Column("extra", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("card") as batch_op:
        batch_op.drop_column("extra")
        batch_op.alter_column("deck", existing_type=sa.String(200), type_=sa.String(100))
'''


def rows(db_path: Path, query: str) -> list[tuple]:
    with sqlite3.connect(db_path) as connection:
        return connection.execute(query).fetchall()


def seed(db_path: Path) -> None:
    """One profile's card with an alias and two reviews, written with plain SQL."""
    now = datetime(2025, 1, 1, tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(db_path) as connection:
        connection.execute("INSERT OR IGNORE INTO profile (id, name, created_at) VALUES (1, 'ada', ?)", (now,))
        connection.execute(
            "INSERT INTO card (id, profile_id, key, deck, note, question, truth_hash, due, created_at) "
            "VALUES (1, 1, 'd/n/q', 'd', 'n', 'q', 'h', ?, ?)",
            (now, now),
        )
        connection.execute("INSERT INTO card_alias (profile_id, alias, card_id) VALUES (1, 'd/n/old', 1)")
        for review in (1, 2):
            connection.execute(
                "INSERT INTO review_log (id, profile_id, card_id, reviewed_at, rating, state_before, duration_ms, "
                "sched_after) VALUES (?, 1, 1, ?, 3, 0, 1000, x'00')",
                (review, 1_735_689_600_000_000 + review),
            )


def test_fresh_database_is_created_at_head_without_backup(db_url: str, db_path: Path) -> None:
    assert upgrade_database(db_url) is None
    assert current_revision(db_url) == HEAD
    tables = {name for (name,) in rows(db_path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"card", "card_alias", "review_log", "alembic_version"} <= tables
    assert upgrade_database(db_url) is None  # already current: nothing to do
    assert list(db_path.parent.glob("*.bak")) == []


def test_models_and_migrations_agree(db_url: str) -> None:
    upgrade_database(db_url)
    command.check(alembic_config(db_url))  # raises when autogenerate would find a difference


def test_migrations_ship_inside_the_package() -> None:
    versions = files("quizzer.store") / "migrations" / "versions"
    assert (versions / "0001_initial.py").is_file()
    assert (files("quizzer.store") / "migrations" / "env.py").is_file()


def test_upgrade_from_an_older_revision_keeps_data_and_backs_up(
    db_url: str, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    upgrade_database(db_url)
    seed(db_path)
    scripts = tmp_path / "migrations"
    shipped = Path(str(files("quizzer.store") / "migrations"))
    shutil.copytree(shipped, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "0099_extra.py").write_text(REVISION_NEXT, encoding="utf-8")
    monkeypatch.setattr(migrate, "SCRIPT_LOCATION", str(scripts))
    monkeypatch.setattr(migrate, "HEAD_REVISION", "0099")

    backup = upgrade_database(db_url)

    assert current_revision(db_url) == "0099"
    assert "extra" in {row[1] for row in rows(db_path, "PRAGMA table_info(card)")}
    # the card table was rebuilt (copy, DROP, rename) without touching the rows that point at it
    assert rows(db_path, "SELECT id, key FROM card") == [(1, "d/n/q")]
    assert rows(db_path, "SELECT id, card_id FROM review_log ORDER BY id") == [(1, 1), (2, 1)]
    assert rows(db_path, "SELECT alias, card_id FROM card_alias") == [("d/n/old", 1)]
    assert rows(db_path, "PRAGMA foreign_key_check") == []
    assert rows(db_path, "PRAGMA integrity_check") == [("ok",)]
    # the backup is a complete copy of the database as it was before
    assert backup is not None and backup.name.startswith(f"{db_path.name}.{HEAD}-") and backup.suffix == ".bak"
    assert rows(backup, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert rows(backup, "SELECT count(*) FROM review_log") == [(2,)]


def test_a_database_from_a_newer_quizzer_is_refused_untouched(db_url: str, db_path: Path) -> None:
    upgrade_database(db_url)
    seed(db_path)
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dcafe9999'")
    before = rows(db_path, "SELECT * FROM review_log")

    with pytest.raises(SchemaTooNewError, match="newer quizzer") as caught:
        upgrade_database(db_url)

    assert isinstance(caught.value, DatabaseError)  # callers map DatabaseError to exit 4
    assert current_revision(db_url) == "f00dcafe9999"
    assert rows(db_path, "SELECT * FROM review_log") == before
    assert list(db_path.parent.glob("*.bak")) == []


def test_migrations_render_as_postgresql_sql_offline() -> None:
    config = alembic_config("postgresql://quizzer@db.invalid/quizzer")
    config.output_buffer = io.StringIO()
    command.upgrade(config, "head", sql=True)  # no server: SQL is only written out
    sql = config.output_buffer.getvalue()
    for table in Base.metadata.tables:
        assert f"CREATE TABLE {table} (" in sql
    assert "id SERIAL NOT NULL" in sql
    assert "TIMESTAMP WITHOUT TIME ZONE" in sql
    assert "BOOLEAN DEFAULT false NOT NULL" in sql
    assert "INSERT INTO alembic_version (version_num) VALUES ('0001')" in sql


def test_head_revision_constant_matches_the_migrations() -> None:
    from alembic.script import ScriptDirectory

    from quizzer.store.migrate import HEAD_REVISION

    assert ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head() == HEAD_REVISION


def test_a_database_at_head_opens_without_importing_alembic(tmp_path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'q.sqlite3'}"
    upgrade_database(url)
    code = f"import sys; from quizzer.store.migrate import upgrade_database as u; u({url!r}); print('alembic' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        == "False"
    )
