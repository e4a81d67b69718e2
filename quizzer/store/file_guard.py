"""Noticing that the database file under an open session was deleted or replaced, and that a used one went missing.

SQLite keeps writing to a file that was deleted or renamed away while it is open, so a
session would go on acknowledging answers that no later start can see, and the next
start would create an empty database in its place. ``FileGuard`` remembers the file's
identity (device and inode) when the store opens and is checked inside every write
transaction that acknowledges something; ``refuse_if_lost`` stops a start from silently
creating an empty database where quizzer has used one before (``known-databases.json``
in the data folder lists them).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from quizzer import paths
from quizzer.files import write_whole
from quizzer.store.errors import DatabaseGone

REGISTRY_NAME = "known-databases.json"


def registry_file() -> Path:
    """The list of database files quizzer has used, in the data folder."""
    return paths.data_dir() / REGISTRY_NAME


class FileGuard:
    """The identity of a database file at open, checked before anything is acknowledged."""

    def __init__(self, path: Path) -> None:
        self.path = path
        status = os.stat(path)
        self._identity = (status.st_dev, status.st_ino)

    def check(self) -> None:
        """Raise DatabaseGone when the file at the path is no longer the file that was opened."""
        try:
            status = os.stat(self.path)
        except OSError:
            what = "deleted"
        else:
            if (status.st_dev, status.st_ino) == self._identity:
                return
            what = "replaced"
        raise DatabaseGone(
            f"the database {self.path} was {what} while this session had it open: nothing more was recorded; "
            "restore it from a backup, then start quizzer again"
        )


def _known() -> list[str]:
    try:
        entries = json.loads(registry_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [entry for entry in entries if isinstance(entry, str)] if isinstance(entries, list) else []


def refuse_if_lost(path: Path) -> None:
    """Raise DatabaseGone when ``path`` does not exist but quizzer has used a database there before."""
    if path.exists() or str(path.resolve()) not in _known():
        return
    raise DatabaseGone(
        f"the database {path} is missing, but quizzer has used it before: restore it from a backup, "
        f"or remove its line from {registry_file()} to start an empty one"
    )


_SQLITE_PAGE_MIN = 512  # the smallest page: a SQLite file with any content is at least this long


def refuse_if_not_sqlite(path: Path) -> None:
    """Raise DatabaseGone when ``path`` is too short to be a SQLite database (SQLite would write over it), or is
    empty though quizzer has used a database there before (its content was lost).

    Only the size is looked at: opening and closing the file here would drop the POSIX locks that SQLite
    connections of this process hold on it, which can corrupt the database. A longer file that is no
    database is refused by SQLite itself (one line, exit 4).
    """
    try:
        size = path.stat().st_size
    except OSError:  # missing, or unreadable: opening it reports that
        return
    if size >= _SQLITE_PAGE_MIN or (size == 0 and str(path.resolve()) not in _known()):
        return
    what = "is empty, but quizzer has used it before" if size == 0 else "is damaged (not a SQLite file)"
    raise DatabaseGone(f"the database {path} {what}: restore it from a backup, or move it aside to start an empty one")


def remember(path: Path) -> None:
    """Add ``path`` to the databases quizzer has used (best effort: a read-only data folder is fine)."""
    resolved = str(path.resolve())
    known = _known()
    if resolved in known:
        return
    try:
        write_whole(registry_file(), json.dumps([*known, resolved], indent=1).encode("utf-8"))
    except OSError:
        return
