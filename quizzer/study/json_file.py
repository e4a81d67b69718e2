"""Small JSON state files of the data folder (the saved next question, today's extra new cards), read and written whole.

Both are best effort: a missing or unreadable file reads as empty, and a failed write
only loses a convenience. A write goes to a temporary file in the same folder, is
flushed to disk, then replaces the old file, so a crash leaves the old or the new one.
Standard library only: the TUI reads one before anything heavy loads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quizzer.files import write_whole


def read_entries(file: Path) -> dict[str, Any]:
    """The JSON object in ``file``; empty when it is missing, unreadable or not an object."""
    try:
        entries = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return entries if isinstance(entries, dict) else {}


def write_entries(file: Path, entries: dict[str, Any]) -> None:
    """Replace ``file`` with ``entries`` whole (temporary file, fsync, rename); silently keeps the old one on failure."""
    try:
        write_whole(file, json.dumps(entries).encode("utf-8"))
    except OSError:  # a read-only data folder only costs the convenience
        return
