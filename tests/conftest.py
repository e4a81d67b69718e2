"""Shared fixtures: every test runs with its own data, config and deck folders."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point XDG and QUIZZER_* locations at a temporary folder so no test touches the user's files."""
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    for name in ("QUIZZER_DATA_DIR", "QUIZZER_DB", "QUIZZER_DECKS", "QUIZZER_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    return home
