"""The deck search path (bundled decks, the user's decks folder, $QUIZZER_DECKS) and the deck files under paths."""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from quizzer import paths

DECK_SUFFIXES = (".yaml", ".yml")


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


def deck_files(paths: Iterable[Path]) -> list[Path]:
    """The deck files named by ``paths``: files as given, folders searched recursively, no repeats."""
    files: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        found = sorted(p for p in path.rglob("*") if p.suffix in DECK_SUFFIXES) if path.is_dir() else [path]
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files
