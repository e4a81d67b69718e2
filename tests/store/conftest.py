"""Store fixtures: a SQLite file per test (in-memory SQLite is per connection, so migrations would miss it)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's database file goes."""
    return tmp_path / "data" / "quizzer.sqlite3"


@pytest.fixture
def db_url(db_path: Path) -> str:
    """The test database's URL."""
    return f"sqlite:///{db_path}"
