"""The database file under a session (issue 13, item 4): deleted or replaced, nothing more is acknowledged.

In-process, on real files; `testsupport.db_faults` runs the same faults against real
`quizzer review --plain` processes (tests/reliability/test_db_faults.py).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from quizzer.review.service import ReviewService
from quizzer.store.errors import DatabaseGone
from tests.review.conftest import NOW, MakeService, build_deck


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A SQLite file: the guard watches database files (other backends have none)."""
    return f"sqlite:///{tmp_path / 'quizzer.sqlite3'}"


def _rows(db: Path) -> int:
    with closing(sqlite3.connect(db)) as connection:
        return int(connection.execute("SELECT count(*) FROM review_log").fetchone()[0])


def test_an_answer_into_a_deleted_file_is_refused(make_service: MakeService, tmp_path: Path) -> None:
    service = make_service()
    service.sync([build_deck()], NOW)
    service.answer("d/n1/q1", 3, NOW)
    (tmp_path / "quizzer.sqlite3").unlink()
    with pytest.raises(DatabaseGone, match="was deleted while this session had it open"):
        service.answer("d/n1/q2", 3, NOW)
    with pytest.raises(DatabaseGone):
        service.undo()


def test_an_answer_into_a_replaced_file_is_refused_and_the_new_file_is_untouched(
    make_service: MakeService, tmp_path: Path
) -> None:
    db = tmp_path / "quizzer.sqlite3"
    service = make_service()
    service.sync([build_deck()], NOW)
    service.answer("d/n1/q1", 3, NOW)
    copy = tmp_path / "restored.sqlite3"
    with closing(sqlite3.connect(db)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    os.replace(copy, db)
    with pytest.raises(DatabaseGone, match="was replaced"):
        service.answer("d/n1/q2", 3, NOW)
    assert _rows(db) == 1


def test_a_database_used_before_is_not_silently_recreated_empty(db_url: str, tmp_path: Path) -> None:
    db = tmp_path / "quizzer.sqlite3"
    ReviewService(db_url).close()
    db.unlink()
    with pytest.raises(DatabaseGone, match="is missing, but quizzer has used it before"):
        ReviewService(db_url)
    assert not db.exists()
    other = tmp_path / "elsewhere" / "new.sqlite3"
    ReviewService(f"sqlite:///{other}").close()  # a path never used before is created as always
    assert other.exists()


def test_a_database_moved_back_opens_again(db_url: str, tmp_path: Path) -> None:
    db = tmp_path / "quizzer.sqlite3"
    ReviewService(db_url).close()
    shutil.move(db, tmp_path / "aside")
    with pytest.raises(DatabaseGone):
        ReviewService(db_url)
    shutil.move(tmp_path / "aside", db)
    ReviewService(db_url).close()
