"""Deck trust: a deck is code, so one from outside the trusted folders runs only once allowed.

The bundled decks and the user's decks folder are trusted. Any other file must be
allowed with `quizzer trust PATH`, which records its SHA-256; a changed file needs
trust again (as `direnv allow` does). Linting and showing need no trust. When quizzer
itself rewrites a deck that was trusted (`check --fix`, `--create`) or writes a new one
(`quizzer new`), it records the hash of the bytes it wrote, so its own edit keeps the trust.
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
    return _digest(path.read_bytes())


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


def allow(path: Path, content: bytes | None = None) -> str:
    """Record ``content`` (the bytes quizzer just wrote to ``path``), else the file's, as trusted; return its hash."""
    resolved = path.resolve()
    digest = _digest(content) if content is not None else content_hash(resolved)
    recorded = _recorded()
    recorded[str(resolved)] = digest
    target = paths.trust_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(recorded, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(temporary, target)
    return digest


def keep_after_rewrite(path: Path, before: bytes, after: bytes) -> bool:
    """After quizzer rewrote ``path`` from ``before`` to ``after``, trust ``after`` if ``before`` was trusted.

    Only a recorded trust carries over (a deck in a trusted folder needs none, and one run
    with ``--trust`` was never recorded). Returns whether the new content was recorded.
    """
    if _recorded().get(str(path.resolve())) != _digest(before):
        return False
    allow(path, after)
    return True
