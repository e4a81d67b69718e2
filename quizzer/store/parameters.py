"""FSRS parameters kept in the store, per profile: read, saved and removed per preset (``""`` = the whole collection)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizzer.store.models import FsrsParameters

COLLECTION = ""  # the preset of the whole collection; a deck's preset is its deck id


@dataclass(frozen=True)
class FittedParameters:
    """Parameters fitted by ``quizzer optimize``, with when, on how many reviews, and their held-out figures."""

    preset: str
    parameters: tuple[float, ...]
    fitted_at: datetime
    review_count: int
    log_loss: float
    rmse: float


def all_fitted(session: Session, profile: int) -> dict[str, FittedParameters]:
    """Every preset stored for the profile, by name."""
    query = select(FsrsParameters).where(FsrsParameters.profile_id == profile)
    return {row.preset: _plain(row) for row in session.execute(query).scalars()}


def save_fitted(session: Session, profile: int, fitted: FittedParameters) -> None:
    """Store ``fitted`` under the profile's preset, replacing what was there."""
    row = session.get(FsrsParameters, (profile, fitted.preset)) or FsrsParameters(
        profile_id=profile, preset=fitted.preset
    )
    row.parameters = list(fitted.parameters)
    row.fitted_at = fitted.fitted_at
    row.review_count = fitted.review_count
    row.log_loss = fitted.log_loss
    row.rmse = fitted.rmse
    session.add(row)


def delete_fitted(session: Session, profile: int, preset: str | None) -> int:
    """Remove one of the profile's presets (None: every preset of it); how many were removed."""
    query = select(FsrsParameters).where(FsrsParameters.profile_id == profile)
    if preset is not None:
        query = query.where(FsrsParameters.preset == preset)
    rows = session.execute(query).scalars().all()
    for row in rows:
        session.delete(row)
    return len(rows)


def _plain(row: FsrsParameters) -> FittedParameters:
    return FittedParameters(row.preset, tuple(row.parameters), row.fitted_at, row.review_count, row.log_loss, row.rmse)
