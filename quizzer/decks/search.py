"""The deck search path (bundled decks, the user's decks folder, $QUIZZER_DECKS) and the deck files under paths."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from quizzer import paths

DECK_SUFFIXES = (".yaml", ".yml")


CHECKOUT_MARK = '"decks" = "quizzer/bundled_decks"'  # pyproject.toml's line that bundles decks/ into the wheel


@functools.cache
def bundled_decks_dir() -> Path | None:
    """The decks shipped with quizzer: package data in a wheel, the repository's decks/ in a checkout.

    Only where quizzer's own build put them: a ``decks`` folder that merely sits beside the
    package (in site-packages, from anything installed there) is not bundled, and not trusted.
    A checkout is recognised by its pyproject.toml, which names decks/ as the bundled decks.
    """
    package = Path(str(resources.files("quizzer")))
    if (package / "bundled_decks").is_dir():
        return package / "bundled_decks"
    try:
        checkout = CHECKOUT_MARK in (package.parent / "pyproject.toml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        checkout = False
    return package.parent / "decks" if checkout and (package.parent / "decks").is_dir() else None


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
