"""Initial schema: cards, card aliases and the review log.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the three tables and their indexes."""
    op.create_table(
        "card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("deck", sa.String(length=100), nullable=False),
        sa.Column("note", sa.String(length=100), nullable=False),
        sa.Column("question", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.Column("tags", sa.Text(), server_default="", nullable=False),
        sa.Column("truth_hash", sa.String(length=64), nullable=False),
        sa.Column("flagged_changed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("state", sa.Integer(), server_default="0", nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Double(), nullable=True),
        sa.Column("difficulty", sa.Double(), nullable=True),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("last_review", sa.DateTime(), nullable=True),
        sa.Column("reps", sa.Integer(), server_default="0", nullable=False),
        sa.Column("lapses", sa.Integer(), server_default="0", nullable=False),
        sa.Column("suspended", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("buried_until", sa.DateTime(), nullable=True),
        sa.Column("archived", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("leech", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card")),
        sa.UniqueConstraint("key", name=op.f("uq_card_key")),
    )
    op.create_index("ix_card_deck_note", "card", ["deck", "note"])
    op.create_index("ix_card_state_deck_position", "card", ["state", "deck", "position"])
    op.create_index("ix_card_state_due", "card", ["state", "due"])

    op.create_table(
        "card_alias",
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["card_id"], ["card.id"], name=op.f("fk_card_alias_card_id_card")),
        sa.PrimaryKeyConstraint("alias", name=op.f("pk_card_alias")),
    )
    op.create_index(op.f("ix_card_alias_card_id"), "card_alias", ["card_id"])

    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("state_before", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("typed_answer", sa.Text(), nullable=True),
        sa.Column("verdict", sa.String(length=20), nullable=True),
        sa.Column("truth", sa.JSON(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=True),
        sa.Column("params_seed", sa.BigInteger(), nullable=True),
        sa.Column("device", sa.String(length=200), nullable=True),
        sa.Column("torch_version", sa.String(length=100), nullable=True),
        sa.Column("sched_before", sa.JSON(), nullable=False),
        sa.Column("sched_after", sa.JSON(), nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 4", name=op.f("ck_review_log_rating")),
        sa.ForeignKeyConstraint(["card_id"], ["card.id"], name=op.f("fk_review_log_card_id_card")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_log")),
    )
    op.create_index("ix_review_log_card_id_reviewed_at", "review_log", ["card_id", "reviewed_at"])
    op.create_index(op.f("ix_review_log_reviewed_at"), "review_log", ["reviewed_at"])


def downgrade() -> None:
    """Drop everything (the review history with it)."""
    op.drop_table("review_log")
    op.drop_table("card_alias")
    op.drop_table("card")
