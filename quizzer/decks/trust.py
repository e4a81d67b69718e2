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
from pathlib import Path
from typing import TYPE_CHECKING

from quizzer import paths
from quizzer.decks.search import bundled_decks_dir
from quizzer.files import write_whole

if TYPE_CHECKING:
    from quizzer.decks.model import Deck


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


def is_trusted(path: Path, digest: str | None = None) -> bool:
    """Whether the deck file may run its code; ``digest``: the SHA-256 of the bytes that will run (else the file's).

    Pass the digest of what was parsed (``Deck.sha256``): reading the file again to hash it
    would let a file swapped between the two reads run unchecked.
    """
    resolved = path.resolve()
    if any(resolved.is_relative_to(folder) for folder in _trusted_folders()):
        return True
    recorded = _recorded().get(str(resolved))
    if recorded is None:
        return False
    try:
        return recorded == (digest if digest is not None else content_hash(resolved))
    except OSError:
        return False


def deck_is_trusted(deck: Deck) -> bool:
    """Whether a loaded deck may run its code: decided on the very bytes it was parsed from."""
    return deck.path is not None and deck.sha256 is not None and is_trusted(deck.path, deck.sha256)


def allow(path: Path, content: bytes | None = None, *, digest: str | None = None) -> str:
    """Record ``content`` (the bytes quizzer just wrote to ``path``), else ``digest``, else the file's, as trusted.

    Returns the hash recorded. `quizzer trust` passes the digest of the bytes it validated
    (``Deck.sha256``): what was read is what is trusted, even if the file changes meanwhile.
    """
    resolved = path.resolve()
    if digest is None:
        digest = _digest(content) if content is not None else content_hash(resolved)
    recorded = _recorded()
    recorded[str(resolved)] = digest
    write_whole(paths.trust_file(), json.dumps(recorded, indent=2, sort_keys=True).encode("utf-8"))
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


def untrusted_message(path: Path | None) -> str:
    """What to say about a deck that may not run code, and what to run to allow it."""
    return (
        f"{path} is not trusted: its snippets would run on this machine. "
        f"Read it, then run `quizzer trust {path}` (or pass --trust)."
    )
