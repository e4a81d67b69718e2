"""The review store's tables: cards, their earlier ids, and the review log.

A card is one question of a deck, keyed by ``deck/note/question`` (``Card.key``) with an
integer primary key that never changes: renames (``was``) rewrite the key and record the
old one in ``card_alias``, so the review log always points at the same row. Cards are
never deleted: a question removed from its deck is archived with its history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Index, MetaData, String, Text, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from quizzer.store.columns import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
KEY_LENGTH = 300  # deck/note/question, each id up to 100 characters


class Base(DeclarativeBase):
    """Declarative base with named constraints (batch migrations on SQLite need the names)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: JSON}


class Card(Base):
    """One question's scheduling state; ``state`` is a ``quizzer.scheduling.Phase`` (0 new .. 3 relearning)."""

    __tablename__ = "card"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    deck: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(String(100))
    question: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(server_default="0")  # order within its deck, for new cards
    tags: Mapped[str] = mapped_column(Text, server_default="")  # " tag1 tag2 ": note and question tags
    truth_hash: Mapped[str] = mapped_column(String(64))  # prelude+setup+answer+kind+params+choices
    flagged_changed: Mapped[bool] = mapped_column(server_default=false())
    state: Mapped[int] = mapped_column(server_default="0")
    step: Mapped[int | None]
    stability: Mapped[float | None]
    difficulty: Mapped[float | None]
    due: Mapped[datetime]
    last_review: Mapped[datetime | None]
    reps: Mapped[int] = mapped_column(server_default="0")
    lapses: Mapped[int] = mapped_column(server_default="0")
    suspended: Mapped[bool] = mapped_column(server_default=false())
    buried_until: Mapped[datetime | None]
    archived: Mapped[bool] = mapped_column(server_default=false())
    leech: Mapped[bool] = mapped_column(server_default=false())
    created_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_card_deck_note", "deck", "note"),
        Index("ix_card_state_due", "state", "due"),
        Index("ix_card_state_deck_position", "state", "deck", "position"),
    )


class CardAlias(Base):
    """An earlier ``deck/note/question`` of a card (from ``was``), so history follows renames."""

    __tablename__ = "card_alias"

    alias: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id"), index=True)


class ReviewLog(Base):
    """One answer: what was asked and answered, the truth it was graded against, and the schedule around it.

    ``sched_before``/``sched_after`` hold the card's full scheduling state (a
    ``CardSchedule`` dict plus the leech and changed flags) so undo restores it exactly
    and the FSRS parameters can be fitted later. ``state_before`` is the phase before the
    answer (the optimizer's ``review_state``) and drives the daily limits.
    """

    __tablename__ = "review_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id"))
    reviewed_at: Mapped[datetime] = mapped_column(index=True)
    rating: Mapped[int]
    state_before: Mapped[int]
    duration_ms: Mapped[int]
    typed_answer: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String(20))
    truth: Mapped[dict[str, Any] | None]
    params: Mapped[dict[str, Any] | None]
    params_seed: Mapped[int | None] = mapped_column(BigInteger)
    device: Mapped[str | None] = mapped_column(String(200))
    torch_version: Mapped[str | None] = mapped_column(String(100))
    sched_before: Mapped[dict[str, Any]]
    sched_after: Mapped[dict[str, Any]]

    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 4", name="rating"),
        Index("ix_review_log_card_id_reviewed_at", "card_id", "reviewed_at"),
    )


class FsrsParameters(Base):
    """FSRS parameters fitted to this learner's reviews (``quizzer optimize``); no row means the defaults.

    ``preset`` is ``""`` for the whole collection or a deck id (``optimize --only DECK``): a
    deck's own row wins over the collection's. ``review_count`` is how many reviews the fit
    saw, ``log_loss``/``rmse`` the held-out figures it was adopted on.
    """

    __tablename__ = "fsrs_parameters"

    preset: Mapped[str] = mapped_column(String(100), primary_key=True)
    parameters: Mapped[list[float]] = mapped_column(JSON)
    fitted_at: Mapped[datetime]
    review_count: Mapped[int]
    log_loss: Mapped[float]
    rmse: Mapped[float]
