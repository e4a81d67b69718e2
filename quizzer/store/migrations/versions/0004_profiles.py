"""Learner profiles: every card state, alias, review, count, deck fingerprint and FSRS parameter set has one.

An existing database becomes the profile of the local user (``getpass.getuser()``, or
``default``); every row is kept and assigned to it. The profile's id leads
each hot index, so one learner's queries read only that learner's rows. Card keys are
unique per profile; ``review_instance`` (what answers were graded against) stays shared.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from quizzer.store.profiles import default_profile_name

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULT = "(SELECT min(id) FROM profile)"  # the one profile there is (an id from its sequence: the next is free)
# table -> its primary key before and after (None: the key does not change)
OWNED: dict[str, tuple[list[str], list[str]] | None] = {
    "card": None,
    "card_alias": (["alias"], ["profile_id", "alias"]),
    "review_log": None,
    "review_count": (["quarter"], ["profile_id", "quarter"]),
    "deck_sync": (["deck"], ["profile_id", "deck"]),
    "fsrs_parameters": (["preset"], ["profile_id", "preset"]),
}
# index -> (table, columns before, columns after)
INDEXES: dict[str, tuple[str, list[str], list[str]]] = {
    "ix_card_deck_note": ("card", ["deck", "note"], ["profile_id", "deck", "note"]),
    "ix_card_state_due": (
        "card",
        ["state", "due", "archived", "suspended"],
        ["profile_id", "state", "due", "archived", "suspended"],
    ),
    "ix_card_state_deck_position": ("card", ["state", "deck", "position"], ["profile_id", "state", "deck", "position"]),
    "ix_card_state_deck_due": ("card", ["state", "deck", "due"], ["profile_id", "state", "deck", "due"]),
    "ix_card_counts": (
        "card",
        ["state", "deck", "note", "due", "archived", "suspended", "buried_until"],
        ["profile_id", "state", "deck", "note", "due", "archived", "suspended", "buried_until"],
    ),
    "ix_review_log_reviewed_at": ("review_log", ["reviewed_at"], ["profile_id", "reviewed_at"]),
}


def _create_lapsed(columns: list[str]) -> None:
    """The partial index of the cards with lapses, by note (``ix_card_lapsed``)."""
    op.create_index(
        "ix_card_lapsed",
        "card",
        columns,
        sqlite_where=sa.text("lapses > 0 AND archived = 0"),
        postgresql_where=sa.text("lapses > 0 AND NOT archived"),
    )


def _create_profile_table() -> None:
    profile = op.create_table(
        "profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile")),
        sa.UniqueConstraint("name", name=op.f("uq_profile_name")),
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    op.bulk_insert(profile, [{"name": default_profile_name(), "created_at": now}])


def _own(table: str, keys: tuple[list[str], list[str]] | None) -> None:
    """Give ``table`` a profile_id, fill it with the default profile, and make it part of the key where it belongs."""
    with op.batch_alter_table(table) as batch_op:
        batch_op.add_column(sa.Column("profile_id", sa.Integer(), nullable=True))
    op.execute(sa.text(f"UPDATE {table} SET profile_id = {DEFAULT}"))
    with op.batch_alter_table(table) as batch_op:
        batch_op.alter_column("profile_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(op.f(f"fk_{table}_profile_id_profile"), "profile", ["profile_id"], ["id"])
        if keys is not None:
            batch_op.drop_constraint(f"pk_{table}", type_="primary")
            batch_op.create_primary_key(f"pk_{table}", keys[1])
        if table == "card":
            batch_op.drop_constraint("uq_card_key", type_="unique")
            batch_op.create_unique_constraint(op.f("uq_card_profile_id"), ["profile_id", "key"])


def upgrade() -> None:
    """Create the profile table, move every learner row into the default profile, lead the indexes with it."""
    _create_profile_table()
    for name, (table, _, _) in INDEXES.items():
        op.drop_index(name, table_name=table)
    op.drop_index("ix_card_lapsed", table_name="card")
    for table, keys in OWNED.items():
        _own(table, keys)
    for name, (table, _, columns) in INDEXES.items():
        op.create_index(name, table, columns)
    _create_lapsed(["profile_id", "deck", "note", "lapses"])


def downgrade() -> None:
    """Back to one learner: only the first profile's rows can be kept, so other profiles' rows are removed."""
    for table in ("review_log", "card_alias", "review_count", "deck_sync", "fsrs_parameters"):
        op.execute(sa.text(f"DELETE FROM {table} WHERE profile_id <> {DEFAULT}"))
    op.execute(sa.text(f"DELETE FROM card WHERE profile_id <> {DEFAULT}"))
    for name, (table, _, _) in INDEXES.items():
        op.drop_index(name, table_name=table)
    op.drop_index("ix_card_lapsed", table_name="card")
    for table, keys in OWNED.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"fk_{table}_profile_id_profile"), type_="foreignkey")
            if keys is not None:
                batch_op.drop_constraint(f"pk_{table}", type_="primary")
                batch_op.create_primary_key(f"pk_{table}", keys[0])
            if table == "card":
                batch_op.drop_constraint("uq_card_profile_id", type_="unique")
                batch_op.create_unique_constraint("uq_card_key", ["key"])
            batch_op.drop_column("profile_id")
    for name, (table, columns, _) in INDEXES.items():
        op.create_index(name, table, columns)
    _create_lapsed(["deck", "note", "lapses"])
    op.drop_table("profile")
