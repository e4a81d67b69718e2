"""Shared fixtures: every test runs with its own data, config and deck folders."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from quizzer.engine import DeviceUnavailable, WorkerPool, parse_size
from testsupport import postgres

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point XDG and QUIZZER_* locations at a temporary folder so no test touches the user's files."""
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    for name in ("QUIZZER_DATA_DIR", "QUIZZER_DB", "QUIZZER_DECKS", "QUIZZER_CONFIG", "QUIZZER_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(scope="session")
def pool() -> Iterator[WorkerPool]:
    """Two CPU workers for the whole session (run_many spreads over both), 2 GiB of data each."""
    with WorkerPool(size=2, device="cpu", memory_limit=parse_size("2G")) as workers:
        workers.wait_ready()
        yield workers


@cache
def machine_has_cuda() -> bool:
    """Whether a CUDA worker starts on this machine (asked of a worker: the test process never imports torch).

    Tests that assume a machine without a GPU skip where this is true.
    """
    probe = WorkerPool(device="cuda")
    try:
        probe.wait_ready()
    except DeviceUnavailable:
        return False
    finally:
        probe.close()
    return True


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres.Server]:
    """One real PostgreSQL server for the whole session, in a temporary folder (skipped, with the reason, where
    this machine cannot run one)."""
    reason = postgres.unavailable()
    if reason is not None:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    with postgres.running_server() as server:
        yield server


@pytest.fixture
def own_postgres_server() -> Iterator[postgres.Server]:
    """A PostgreSQL server of this test alone, for tests that stop it (the shared one must stay up)."""
    reason = postgres.unavailable()
    if reason is not None:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    with postgres.running_server() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of this test: a SQLite file, then (second run) a fresh database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'quizzer.sqlite3'}"
    server: postgres.Server = request.getfixturevalue("postgres_server")
    return server.new_database()
