"""Where quizzer keeps its files: platform data and config dirs, with QUIZZER_* overrides.

Nothing here creates directories; callers that write create what they need.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP = "quizzer"


def data_dir() -> Path:
    """The data folder: $QUIZZER_DATA_DIR, else the platform's (XDG_DATA_HOME on Linux)."""
    override = os.environ.get("QUIZZER_DATA_DIR")
    return Path(override) if override else user_data_path(APP, appauthor=False)


def db_url() -> str:
    """The database URL: $QUIZZER_DB (a URL or a file path), else SQLite in the data folder."""
    configured = os.environ.get("QUIZZER_DB")
    if configured:
        return configured if "://" in configured else f"sqlite:///{Path(configured).expanduser()}"
    return f"sqlite:///{db_file()}"


def profile_name() -> str | None:
    """The learner profile to study as: $QUIZZER_PROFILE, else None (the store's default: the local user's name)."""
    return os.environ.get("QUIZZER_PROFILE") or None


def db_file() -> Path:
    """The default SQLite database file."""
    return data_dir() / "quizzer.sqlite3"


def user_decks_dir() -> Path:
    """The learner's own decks folder, searched after the bundled decks."""
    return data_dir() / "decks"


def config_file() -> Path:
    """The settings file: $QUIZZER_CONFIG, else config.toml in the platform config folder."""
    override = os.environ.get("QUIZZER_CONFIG")
    return Path(override) if override else user_config_path(APP, appauthor=False) / "config.toml"


def trust_file() -> Path:
    """Where `quizzer trust` records the content hashes of decks allowed to run code."""
    return data_dir() / "trusted.json"


def next_question_file() -> Path:
    """Where the TUI keeps the next question of recent review scopes, to paint before the store opens."""
    return data_dir() / "next-question.json"


def more_new_file() -> Path:
    """Where a one-day increase of the new-card limit is kept (per database), until its study day ends."""
    return data_dir() / "more-new-cards.json"
