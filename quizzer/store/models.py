"""The review store's tables: learner profiles, cards, their earlier ids, the review log and its counts.

Every row that describes one learner's study (card states, aliases, the log, the counts,
deck fingerprints, FSRS parameters) carries its ``profile_id``, which leads each hot
index: two learners on one database share only the decks' text and ``review_instance``.

A card is one question of a deck, keyed by ``deck/note/question`` (``Card.key``) with an
integer primary key that never changes: renames (``was``) rewrite the key and record the
old one in ``card_alias``, so the review log always points at the same row. Cards are
never deleted: a question removed from its deck is archived with its history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from quizzer.store.columns import EpochMicros, Snapshot, UtcDateTime

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


class Profile(Base):
    """One learner: their own cards' schedules, log, limits and parameters (``--profile NAME``)."""

    __tablename__ = "profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime]


class Card(Base):
    """One question's scheduling state; ``state`` is a ``quizzer.scheduling.Phase`` (0 new .. 3 relearning)."""

    __tablename__ = "card"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id"))
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))
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
        UniqueConstraint("profile_id", "key"),
        Index("ix_card_deck_note", "profile_id", "deck", "note"),
        # due cards in due order (ties sorted in small blocks); covers the due forecast's counts
        Index("ix_card_state_due", "profile_id", "state", "due", "archived", "suspended"),
        Index("ix_card_state_deck_position", "profile_id", "state", "deck", "position"),
        Index("ix_card_state_deck_due", "profile_id", "state", "deck", "due"),
        # covers the home screen's per-deck counts: one pass in (deck, note) order, no table reads
        Index("ix_card_counts", "profile_id", "state", "deck", "note", "due", "archived", "suspended", "buried_until"),
        # the cards with lapses, by note: where the weakest notes are looked for
        Index(
            "ix_card_lapsed",
            "profile_id",
            "deck",
            "note",
            "lapses",
            sqlite_where=text("lapses > 0 AND archived = 0"),
            postgresql_where=text("lapses > 0 AND NOT archived"),
        ),
    )


class CardAlias(Base):
    """An earlier ``deck/note/question`` of a card (from ``was``), so history follows renames."""

    __tablename__ = "card_alias"

    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id"), primary_key=True)
    alias: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id"), index=True)


class ReviewInstance(Base):
    """What one answer was graded against, stored once however often it is asked again.

    The truth, the params instance, and where the truth was computed: answers to the
    same question instance on the same device and torch share one row. ``digest`` is the
    first 8 bytes of the SHA-256 of the four together, as a signed integer: a short index
    key; rows are matched on their content.
    """

    __tablename__ = "review_instance"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[int] = mapped_column(BigInteger, index=True)
    truth: Mapped[dict[str, Any] | None]
    params: Mapped[dict[str, Any] | None]
    device: Mapped[str | None] = mapped_column(String(200))
    torch_version: Mapped[str | None] = mapped_column(String(100))


class ReviewLog(Base):
    """One answer: what was asked and answered, and the card's schedule after it.

    ``sched_after`` holds the card's full scheduling state after the answer (a
    ``CardSchedule`` dict plus the leech and changed flags, packed: ``columns.Snapshot``)
    so undo can tell whether the card changed since. The state before is the card's
    previous row's ``sched_after``; ``sched_before`` is stored only where it differs (the
    card's first answer, or a sync that changed the card in between). ``state_before``
    is the phase before the answer (the optimizer's ``review_state``) and drives the
    daily limits. Times are integer microseconds since the epoch (``EpochMicros``).
    """

    __tablename__ = "review_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id"))
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id"))
    reviewed_at: Mapped[datetime] = mapped_column(EpochMicros)
    rating: Mapped[int]
    state_before: Mapped[int]
    duration_ms: Mapped[int]
    typed_answer: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String(20))
    params_seed: Mapped[int | None] = mapped_column(BigInteger)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("review_instance.id"))
    sched_before: Mapped[dict[str, Any] | None] = mapped_column(Snapshot)
    sched_after: Mapped[dict[str, Any]] = mapped_column(Snapshot)

    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 4", name="rating"),
        Index("ix_review_log_reviewed_at", "profile_id", "reviewed_at"),  # with the row id: review order
        Index(
            "ix_review_log_again_card_id",
            "card_id",
            sqlite_where=text("rating = 1"),
            postgresql_where=text("rating = 1"),
        ),
    )


class ReviewCount(Base):
    """Answers per quarter hour (UTC): all of them, those to review-phase cards, and of those the ones not Again.

    What the statistics add up (calendar, retention, totals). Kept by ``answer`` and
    ``undo`` in the same transaction as the log row, so it always equals a count of
    ``review_log``. Every time zone's offset is a whole number of quarter hours, so each
    quarter hour lies within one study day wherever the learner is.
    """

    __tablename__ = "review_count"

    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id"), primary_key=True)
    quarter: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)  # epoch seconds // 900
    answers: Mapped[int]
    reviews: Mapped[int]  # answers to cards in the review phase
    retained: Mapped[int]  # of those, not rated Again


class DeckSync(Base):
    """The fingerprint of each deck as last synced: a deck whose fingerprint is unchanged is not synced again."""

    __tablename__ = "deck_sync"

    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id"), primary_key=True)
    deck: Mapped[str] = mapped_column(String(100), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))


class FsrsParameters(Base):
    """FSRS parameters fitted to this learner's reviews (``quizzer optimize``); no row means the defaults.

    ``preset`` is ``""`` for the whole collection or a deck id (``optimize --only DECK``): a
    deck's own row wins over the collection's. ``review_count`` is how many reviews the fit
    saw, ``log_loss``/``rmse`` the held-out figures it was adopted on.
    """

    __tablename__ = "fsrs_parameters"

    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id"), primary_key=True)
    preset: Mapped[str] = mapped_column(String(100), primary_key=True)
    parameters: Mapped[list[float]] = mapped_column(JSON)
    fitted_at: Mapped[datetime]
    review_count: Mapped[int]
    log_loss: Mapped[float]
    rmse: Mapped[float]
