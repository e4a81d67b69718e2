"""FSRS parameters fitted by ``quizzer optimize``, per collection or per deck.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the fsrs_parameters table."""
    op.create_table(
        "fsrs_parameters",
        sa.Column("preset", sa.String(length=100), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("fitted_at", sa.DateTime(), nullable=False),
        sa.Column("review_count", sa.Integer(), nullable=False),
        sa.Column("log_loss", sa.Double(), nullable=False),
        sa.Column("rmse", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("preset", name=op.f("pk_fsrs_parameters")),
    )


def downgrade() -> None:
    """Drop the fsrs_parameters table."""
    op.drop_table("fsrs_parameters")
