"""More new cards today: a one-day increase of the new-card limit (Anki's custom study), per database and profile.

The learner asks for it on the home screen when the daily limit is reached. It is kept in
a small file of the data folder, under the database's URL (its password hidden) and the
learner's profile, until the study day ends, so every review that learner opens on that
database today (the TUI, `--plain`, another window) uses the same limit; the next study day
has the configured limit again, and other profiles never get it.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from quizzer.study.json_file import read_entries, write_entries

STEP = 10  # new cards added by one request


class MoreNewFile:
    """Today's extra new cards per database URL and profile."""

    def __init__(self, file: Path, db_url: str, profile: str) -> None:
        self.file = file
        self.key = json.dumps([make_url(db_url).render_as_string(hide_password=True), profile])

    def load(self, now: datetime) -> int:
        """The extra new cards allowed today on this database (0 when none, or the day they were for has ended)."""
        entry = read_entries(self.file).get(self.key)
        try:
            if entry is None or datetime.fromisoformat(entry["valid_until"]) <= now:
                return 0
            return max(0, int(entry["extra"]))
        except (KeyError, TypeError, ValueError):
            return 0

    def save(self, extra: int, valid_until: datetime) -> None:
        """Allow ``extra`` new cards on top of the limit until ``valid_until`` (the end of today's study day)."""
        entries = read_entries(self.file)
        entries[self.key] = {"valid_until": valid_until.isoformat(), "extra": extra}
        write_entries(self.file, entries)
