"""A cache of validated decks, keyed by file content, so a session starts without re-parsing YAML.

Round-trip YAML parsing dominates loading a large deck (about 0.2 s for the bundled
decks here); a cache hit is a JSON read and a pydantic validation. Entries are keyed by
the SHA-256 of the file's bytes and quizzer's version, so an edited file or a new
quizzer never sees a stale entry. Only decks without problems are cached; any failure
to read or write the cache falls back to parsing. Importing this module loads neither
pydantic nor the deck model: ``read_entry`` gives an entry as plain JSON, for the TUI's
first paint (``quizzer.study.first_question``).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_cache_path

from quizzer import __version__
from quizzer.files import write_whole

if TYPE_CHECKING:
    from quizzer.decks.model import Deck


def cache_dir() -> Path:
    """Where cached decks live: $QUIZZER_CACHE_DIR, else the platform cache folder."""
    override = os.environ.get("QUIZZER_CACHE_DIR")
    return Path(override) if override else user_cache_path("quizzer", appauthor=False) / "decks"


def cache_key(data: bytes) -> str:
    """The entry name for a deck file's bytes under this version of quizzer."""
    return hashlib.sha256(__version__.encode() + b"\0" + data).hexdigest()


def read_entry(key: str) -> dict[str, Any] | None:
    """The entry stored under ``key`` as plain JSON (``deck``: the deck's fields; ``lines``); None on a miss."""
    try:
        entry = json.loads((cache_dir() / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) else None


def load_cached(key: str, path: Path) -> Deck | None:
    """The deck stored under ``key``, placed at ``path``; None on a miss or a bad entry."""
    from pydantic import ValidationError

    from quizzer.decks.model import Deck

    entry = read_entry(key)
    try:
        if entry is None:
            return None
        deck = Deck.model_validate(entry["deck"])
        lines = entry["lines"]
    except (KeyError, TypeError, ValidationError):
        return None
    questions = [question for _, question in deck.questions()]
    if len(lines) != len(questions):
        return None
    deck._path = path
    for question, line in zip(questions, lines, strict=True):
        question._line = line
    return deck


def store(key: str, deck: Deck) -> None:
    """Keep a validated deck under ``key`` (best effort: a read-only cache folder is fine)."""
    entry = {"deck": deck.model_dump(mode="json"), "lines": [question.line for _, question in deck.questions()]}
    folder = cache_dir()
    try:
        write_whole(folder / f"{key}.json", json.dumps(entry).encode("utf-8"))
    except OSError:
        return
