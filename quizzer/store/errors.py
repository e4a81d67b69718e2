"""Database errors that callers map to exit code 4 (``ExitCode.DATABASE``)."""

from __future__ import annotations


class DatabaseError(Exception):
    """The review database cannot be used."""


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer quizzer: its schema revision is unknown to this one."""
