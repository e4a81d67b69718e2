"""The deck search path: bundled decks, the user's decks folder, and $QUIZZER_DECKS."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from quizzer import paths


def bundled_decks_dir() -> Path | None:
    """The decks shipped with quizzer: the repository's decks/ in a checkout, package data in a wheel."""
    package = Path(str(resources.files("quizzer")))
    for candidate in (package.parent / "decks", package / "bundled_decks"):
        if candidate.is_dir():
            return candidate
    return None


def search_path() -> list[Path]:
    """Folders and files searched for decks when no path is given, in order, existing ones only.

    $QUIZZER_DECKS (os.pathsep-separated) comes first, then the bundled decks, then the
    user's decks folder (`quizzer locate decks`).
    """
    extra = [Path(item) for item in os.environ.get("QUIZZER_DECKS", "").split(os.pathsep) if item]
    candidates = [*extra, bundled_decks_dir(), paths.user_decks_dir()]
    return [path for path in candidates if path is not None and path.exists()]
