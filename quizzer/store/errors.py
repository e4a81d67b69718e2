"""Database errors that callers map to exit code 4 (``ExitCode.DATABASE``)."""

from __future__ import annotations


class DatabaseError(Exception):
    """The review database cannot be used."""


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer quizzer: its schema revision is unknown to this one."""


class DatabaseGone(DatabaseError):
    """The database file was deleted or replaced while a session had it open, or is missing though it was used before."""


def one_line(error: BaseException) -> str:
    """The cause of a SQLAlchemy or sqlite3 error in one line: no SQL statement, no "Background on this error" link."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__
