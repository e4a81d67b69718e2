"""The next question of a review scope, kept on disk so the TUI can paint it before anything heavy loads.

Opening a review means loading the decks, the database layer and the scheduler: most of
a second in all. A learner coming back mostly meets the question they left on screen, so
each question shown is written here (deck title, kind, prompt, choices, the expected
form, how many cards are left) under a key naming the review scope: the database, the
deck files, the deck ids and tags chosen, and quizzer's version. A saved question is used
only on the study day it was written in.

It is a guess, never the truth: the review screen shows it at once, then checks it
against the session's real next card when the session opens and replaces it if they
differ; no answer is judged before that. So an edit of a deck file does not void it: the
edit rarely changes the next question, and when it does the session replaces it.
Reading and writing are best effort: a missing, unreadable or stale file means no saved
question. Standard library only, so it loads in milliseconds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path

from quizzer import __version__
from quizzer.study.json_file import read_entries, write_entries

KEEP = 8  # scopes remembered: a learner who alternates a few `--only` choices keeps each one's question


@dataclass(frozen=True)
class ShownQuestion:
    """What the review screen shows of a question before the session is open."""

    card_id: str
    deck_title: str
    kind: str
    prompt: str
    choices: tuple[str, ...]
    hint: str
    left: int | None  # cards left today, this one included; None when not known yet

    def same_question(self, other: ShownQuestion) -> bool:
        """True when ``other`` shows the same card the same way (the count left and the hint may differ)."""
        return replace(self, left=0, hint="") == replace(other, left=0, hint="")


def scope_key(
    db_url: str,
    deck_files: Iterable[Path],
    deck_ids: Collection[str] | None,
    tags: Collection[str] | None,
    profile: str | None = None,
) -> str | None:
    """A digest naming the review scope (database, profile, deck files, deck ids, tags); None when a file is missing."""
    files = sorted(str(Path(file).resolve()) for file in deck_files)
    if not all(Path(file).is_file() for file in files):
        return None
    scope = [
        __version__,
        db_url,
        profile,
        files,
        sorted(deck_ids) if deck_ids is not None else None,
        sorted(tags or []),
    ]
    return hashlib.sha256(json.dumps(scope).encode()).hexdigest()


class NextQuestionFile:
    """The saved next questions of the last few review scopes, in one small JSON file."""

    def __init__(self, file: Path, key: str) -> None:
        self.file = file
        self.key = key

    def load(self, now: datetime) -> ShownQuestion | None:
        """This scope's saved question, if one was written and its study day has not ended at ``now``."""
        entry = read_entries(self.file).get(self.key)
        try:
            if entry is None or datetime.fromisoformat(entry["valid_until"]) <= now:
                return None
            fields = entry["question"]
            return ShownQuestion(**{**fields, "choices": tuple(fields["choices"])})
        except (KeyError, TypeError, ValueError):
            return None

    def save(self, shown: ShownQuestion, valid_until: datetime) -> None:
        """Remember ``shown`` for this scope until ``valid_until`` (the end of its study day)."""
        entries = read_entries(self.file)
        entries.pop(self.key, None)
        entries[self.key] = {"valid_until": valid_until.isoformat(), "question": asdict(shown)}
        write_entries(self.file, dict(list(entries.items())[-KEEP:]))

    def forget(self) -> None:
        """Drop this scope's saved question (nothing is left to study today)."""
        entries = read_entries(self.file)
        if entries.pop(self.key, None) is not None:
            write_entries(self.file, entries)
