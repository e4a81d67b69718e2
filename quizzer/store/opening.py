"""Opening the review database: every way it can fail becomes one ``DatabaseError`` line that says what to do.

Callers print the message and exit 4. A SQLite file gets its folder created, is refused
when it went missing after quizzer used it (``file_guard.refuse_if_lost``), is upgraded
(``migrate.upgrade_database``) and is then remembered as used.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from quizzer.store.db import shown_url, sqlite_file
from quizzer.store.errors import DatabaseError, one_line
from quizzer.store.file_guard import FileGuard, refuse_if_lost, refuse_if_not_sqlite, remember
from quizzer.store.migrate import upgrade_database

_ELSEWHERE = "or choose another database with QUIZZER_DB"


def open_database(url: str) -> Path | None:
    """Create or upgrade the database at ``url``; the backup made before an upgrade, if any. Raises DatabaseError."""
    path = sqlite_file(url)
    if path is not None:
        refuse_if_lost(path)
        _make_folder(path.parent)
        refuse_if_not_sqlite(path)
    try:
        backup = upgrade_database(url)
    except SQLAlchemyError as error:
        raise DatabaseError(_why(url, path, error)) from None
    except OSError as error:  # a backup copy that cannot be written, say
        raise DatabaseError(f"cannot open the database {path or shown_url(url)}: {error.strerror or error}") from None
    if path is not None:
        remember(path)
    return backup


def guard_for(url: str) -> FileGuard | None:
    """A guard on the database file of ``url`` (None for other backends, or when it cannot be read)."""
    path = sqlite_file(url)
    try:
        return FileGuard(path) if path is not None else None
    except OSError as error:
        raise DatabaseError(f"cannot open the database {path}: {error.strerror or error}") from None


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        blocked = next((parent for parent in (folder, *folder.parents) if parent.exists()), folder)
        raise DatabaseError(
            f"cannot create the folder {folder} for the database ({error.strerror or error}, in {blocked}); "
            f"make it writable {_ELSEWHERE}"
        ) from None


def _why(url: str, path: Path | None, error: SQLAlchemyError) -> str:
    """One line for a failure to open or upgrade: the file, the cause, what to do."""
    where = path or shown_url(url)
    reason = one_line(error)
    if "already exists" in reason:
        return (
            f"the database {where} has quizzer's tables but no schema version: it was not made by quizzer, "
            f"or was damaged; restore it from a backup {_ELSEWHERE}"
        )
    if "not a database" in reason or "malformed" in reason:
        return f"the database {where} is damaged ({reason}); restore it from a backup {_ELSEWHERE}"
    if path is not None and ("readonly" in reason or "unable to open" in reason):
        folder = path.parent
        if not os.access(folder, os.W_OK):
            return f"cannot write the database {where}: its folder {folder} is read-only; make it writable {_ELSEWHERE}"
        if path.exists() and not os.access(path, os.W_OK):
            return f"cannot write the database {where}: the file is read-only; make it writable {_ELSEWHERE}"
    return f"cannot open the database {where}: {reason}; {_ELSEWHERE}"
