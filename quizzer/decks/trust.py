"""Deck trust: a deck is code, so one from outside the trusted folders runs only once allowed.

The bundled decks and the user's decks folder are trusted. Any other file must be
allowed with `quizzer trust PATH`, which records its SHA-256; a changed file needs
trust again (as `direnv allow` does). Linting and showing need no trust.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from quizzer import paths
from quizzer.decks.search import bundled_decks_dir


def content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _trusted_folders() -> list[Path]:
    return [folder.resolve() for folder in (bundled_decks_dir(), paths.user_decks_dir()) if folder is not None]


def _recorded() -> dict[str, str]:
    try:
        data = json.loads(paths.trust_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def is_trusted(path: Path) -> bool:
    """Whether the deck file may run its code."""
    resolved = path.resolve()
    if any(resolved.is_relative_to(folder) for folder in _trusted_folders()):
        return True
    return _recorded().get(str(resolved)) == content_hash(resolved)


def allow(path: Path) -> str:
    """Record the current content of ``path`` as trusted; return its hash."""
    resolved = path.resolve()
    recorded = _recorded()
    recorded[str(resolved)] = digest = content_hash(resolved)
    target = paths.trust_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(recorded, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(temporary, target)
    return digest
