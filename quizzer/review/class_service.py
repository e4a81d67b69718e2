"""ClassService: the database owner's view of every profile on one database (``quizzer profiles``, ``stats --class``).

It opens (creating or upgrading) the database like ``ReviewService`` but studies as no
one: it creates no profile and changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from types import TracebackType

from quizzer.review.classroom import ClassReport, class_report
from quizzer.scheduling.day import as_utc
from quizzer.store.db import make_engine, read_session, session_factory
from quizzer.store.opening import open_database
from quizzer.store.profiles import ProfileSummary, list_profiles


class ClassService:
    """Read-only reports over all the learners of the database at ``db_url``."""

    def __init__(self, db_url: str) -> None:
        """Open (creating or upgrading) the database; raises ``DatabaseError`` when it cannot."""
        self.db_url = db_url
        open_database(db_url)
        self._engine = make_engine(db_url)
        self._sessions = session_factory(self._engine)

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> ClassService:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def profiles(self) -> list[ProfileSummary]:
        """Every profile by name, with its cards in the decks and its answers."""
        with read_session(self._sessions) as session:
            return list_profiles(session)

    def report(self, now: datetime, *, show_answers: bool = False, limit: int = 20) -> ClassReport:
        """The class view (``quizzer.review.classroom``); wrong answers' texts only with ``show_answers``."""
        with read_session(self._sessions) as session:
            return class_report(session, as_utc(now), show_answers=show_answers, limit=limit)
