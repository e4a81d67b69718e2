"""Learner profiles: the default one's name, finding or creating a profile, and listing them with their counts."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quizzer.store.models import Card, Profile, ReviewLog

NAME_LENGTH = 100
FALLBACK_NAME = "default"  # where the local user's name cannot be read


def default_profile_name() -> str:
    """The local user's name (``getpass.getuser()``), or ``default`` where the system has none."""
    try:
        name = getpass.getuser().strip()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER (a bare container)
        return FALLBACK_NAME
    return name[:NAME_LENGTH] or FALLBACK_NAME


def find_profile(session: Session, name: str) -> int | None:
    """The id of the profile ``name``, or None when there is none."""
    return session.scalar(select(Profile.id).where(Profile.name == name))


def profile_id(session: Session, name: str, now: datetime | None = None) -> int:
    """The id of the profile ``name``, created when it does not exist yet (inside the caller's write transaction)."""
    found = find_profile(session, name)
    if found is not None:
        return found
    try:
        with session.begin_nested():  # another process may create it at the same moment
            added = insert(Profile).values(name=name, created_at=now or datetime.now(UTC)).returning(Profile.id)
            return session.execute(added).scalar_one()
    except IntegrityError:
        return session.execute(select(Profile.id).where(Profile.name == name)).scalar_one()


@dataclass(frozen=True)
class ProfileSummary:
    """One profile as ``quizzer profiles`` lists it: its name, cards still in the decks, and answers given."""

    name: str
    cards: int
    reviews: int
    created_at: datetime


def list_profiles(session: Session) -> list[ProfileSummary]:
    """Every profile by name, with its card and review counts."""
    cards = dict(
        session.execute(
            select(Card.profile_id, func.count()).where(Card.archived.is_(False)).group_by(Card.profile_id)
        ).all()
    )
    reviews = dict(session.execute(select(ReviewLog.profile_id, func.count()).group_by(ReviewLog.profile_id)).all())
    rows = session.execute(select(Profile.id, Profile.name, Profile.created_at).order_by(Profile.name))
    return [ProfileSummary(name, cards.get(pid, 0), reviews.get(pid, 0), created) for pid, name, created in rows]
