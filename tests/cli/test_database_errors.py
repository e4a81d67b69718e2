"""Database failures in one line naming the file and what to do, exit 4 (issue 13, items 4 and 6); export safety."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

QUIZZER = Path(sys.executable).parent / "quizzer"


def quizzer(*args: str, db: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "CI"} | {"QUIZZER_DB": str(db)}
    return subprocess.run([QUIZZER, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 4 and len(lines) == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "Background on this error" not in done.stderr
    return lines[0]


def test_a_damaged_database_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "damaged.sqlite3"
    db.write_bytes(os.urandom(8192))
    line = one_line(quizzer("stats", db=db, cwd=tmp_path))
    assert f"the database {db} is damaged" in line and "restore it from a backup" in line


@pytest.mark.parametrize("content", [b"x", b"SQLite format 2"])
def test_a_short_file_that_is_no_database_is_refused_not_replaced(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "short.sqlite3"
    db.write_bytes(content)  # SQLite itself would start a new database over it
    line = one_line(quizzer("stats", db=db, cwd=tmp_path))
    assert f"the database {db} is damaged (not a SQLite file)" in line and db.read_bytes() == content


def test_a_used_database_emptied_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "emptied.sqlite3"
    assert quizzer("stats", db=db, cwd=tmp_path).returncode == 0
    db.write_bytes(b"")
    line = one_line(quizzer("stats", db=db, cwd=tmp_path))
    assert f"the database {db} is empty, but quizzer has used it before" in line and db.read_bytes() == b""


def test_a_database_without_a_version_table_is_one_line_without_sql(tmp_path: Path) -> None:
    db = tmp_path / "noversion.sqlite3"
    assert quizzer("stats", db=db, cwd=tmp_path).returncode == 0
    with closing(sqlite3.connect(db)) as connection:
        connection.execute("DROP TABLE alembic_version")
        connection.commit()
    line = one_line(quizzer("stats", db=db, cwd=tmp_path))
    assert f"the database {db} has quizzer's tables but no schema version" in line and "CREATE" not in line


def test_a_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    line = one_line(quizzer("stats", db=blocker / "sub" / "q.sqlite3", cwd=tmp_path))
    assert f"cannot create the folder {blocker / 'sub'} for the database" in line


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_blamed_not_the_data_folder(tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        line = one_line(quizzer("stats", db=folder / "q.sqlite3", cwd=tmp_path))
    finally:
        folder.chmod(0o755)
    assert str(folder) in line and "data folder" not in line


def test_export_onto_the_database_or_its_journal_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "q.sqlite3"
    assert quizzer("stats", db=db, cwd=tmp_path).returncode == 0
    before = db.read_bytes()
    for target in (str(db), "q.sqlite3", "./q.sqlite3-wal"):
        done = quizzer("export", "--revlog", target, db=db, cwd=tmp_path)
        assert done.returncode == 2 and "the review database" in done.stderr, done.stderr
    assert db.read_bytes() == before


def test_export_onto_a_deck_or_the_data_folders_files_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    deck = tmp_path / "mine.yaml"
    deck.write_text("deck: mine\n")
    env = {key: value for key, value in os.environ.items() if key != "CI"} | {"QUIZZER_DATA_DIR": str(data)}
    assert subprocess.run([QUIZZER, "stats"], env=env, capture_output=True, timeout=120).returncode == 0
    registry = data / "known-databases.json"
    for flag, target, what in (
        ("--revlog", deck, "a deck file"),
        ("--anki", deck, "a deck file"),
        ("--revlog", registry, "the list of databases quizzer has used"),
    ):
        before = target.read_bytes()
        done = subprocess.run(
            [QUIZZER, "export", flag, str(target)], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 2 and what in done.stderr, done.stderr
        assert target.read_bytes() == before


def test_export_from_a_broken_database_keeps_the_existing_csv(tmp_path: Path) -> None:
    db = tmp_path / "q.sqlite3"
    assert quizzer("stats", db=db, cwd=tmp_path).returncode == 0
    with closing(sqlite3.connect(db)) as connection:
        connection.execute("DROP TABLE review_log")  # the schema version stays: the query fails half-way
        connection.commit()
    good = tmp_path / "revlog.csv"
    good.write_text("card_id,review_time,review_rating,review_state,review_duration\n1,2,3,0,5\n")
    before = good.read_bytes()
    done = quizzer("export", "--revlog", str(good), db=db, cwd=tmp_path)
    assert done.returncode == 4 and "Traceback" not in done.stderr, done.stderr
    assert good.read_bytes() == before
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(".tmp")]
