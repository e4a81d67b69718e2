"""A compact review log: times in microseconds, truths stored once, the schedule before only where it differs.

Also: per-quarter-hour answer counts (``review_count``) for the statistics, each deck's
fingerprint as last synced (``deck_sync``, so unchanged decks are not synced again), and
indexes for the hot queries (a deck's due reviews, today's answers, the Again answers).

Every review is kept. The rows are rewritten in id order, in batches: ``reviewed_at``
becomes integer microseconds; truth, params, device and torch version move to one
``review_instance`` row per distinct combination; ``sched_after`` is packed, and
``sched_before`` kept (packed) only where it differs from the card's previous row's
``sched_after``. Offline (``--sql``), the data cannot be rewritten: the old table is
renamed ``review_log_0001`` and kept, never dropped.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from quizzer.store.columns import pack_snapshot, to_micros

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
QUARTER_US = 900 * 1_000_000
REVIEW_PHASE = 2  # quizzer.scheduling.Phase.REVIEW


def instance_text(
    truth: dict[str, Any] | None, params: dict[str, Any] | None, device: str | None, torch_version: str | None
) -> str:
    """Canonical JSON of a ``review_instance`` row (as ``quizzer.review.answers.instance_text``; frozen here)."""
    return json.dumps([truth, params, device, torch_version], sort_keys=True, separators=(",", ":"))


def instance_digest(text: str) -> int:
    """The row's index key (as ``quizzer.review.answers.instance_digest``; frozen here)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big", signed=True)


def _create_tables() -> None:
    op.create_table(
        "review_instance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.BigInteger(), nullable=False),
        sa.Column("truth", sa.JSON(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=True),
        sa.Column("device", sa.String(length=200), nullable=True),
        sa.Column("torch_version", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_instance")),
    )
    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.BigInteger(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("state_before", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("typed_answer", sa.Text(), nullable=True),
        sa.Column("verdict", sa.String(length=20), nullable=True),
        sa.Column("params_seed", sa.BigInteger(), nullable=True),
        sa.Column("instance_id", sa.Integer(), nullable=True),
        sa.Column("sched_before", sa.LargeBinary(), nullable=True),
        sa.Column("sched_after", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 4", name=op.f("ck_review_log_rating")),
        sa.ForeignKeyConstraint(["card_id"], ["card.id"], name=op.f("fk_review_log_card_id_card")),
        sa.ForeignKeyConstraint(
            ["instance_id"], ["review_instance.id"], name=op.f("fk_review_log_instance_id_review_instance")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_log")),
    )
    op.create_table(
        "deck_sync",
        sa.Column("deck", sa.String(length=100), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("deck", name=op.f("pk_deck_sync")),
    )
    op.create_table(
        "review_count",
        sa.Column("quarter", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("retained", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("quarter", name=op.f("pk_review_count")),
    )


def _create_indexes() -> None:
    op.create_index(op.f("ix_review_instance_digest"), "review_instance", ["digest"])
    op.create_index("ix_review_log_reviewed_at", "review_log", ["reviewed_at"])
    op.create_index(
        "ix_review_log_again_card_id",
        "review_log",
        ["card_id"],
        sqlite_where=sa.text("rating = 1"),
        postgresql_where=sa.text("rating = 1"),
    )
    op.drop_index("ix_card_state_due", table_name="card")
    op.create_index("ix_card_state_due", "card", ["state", "due", "archived", "suspended"])
    op.create_index("ix_card_state_deck_due", "card", ["state", "deck", "due"])
    op.create_index(
        "ix_card_counts", "card", ["state", "deck", "note", "due", "archived", "suspended", "buried_until"]
    )
    op.create_index(
        "ix_card_lapsed",
        "card",
        ["deck", "note", "lapses"],
        sqlite_where=sa.text("lapses > 0 AND archived = 0"),
        postgresql_where=sa.text("lapses > 0 AND NOT archived"),
    )


def _naive_utc_micros(value: Any) -> int:
    """A 0001 ``reviewed_at`` (naive UTC: a datetime, or SQLite's text) as epoch microseconds."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return to_micros(moment.replace(tzinfo=UTC))


def _as_dict(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _old_rows(connection: sa.Connection) -> Iterator[Sequence[Any]]:
    last = 0
    while True:
        rows = connection.execute(
            sa.text(
                "SELECT id, card_id, reviewed_at, rating, state_before, duration_ms, typed_answer, verdict, truth, "
                "params, params_seed, device, torch_version, sched_before, sched_after FROM review_log_0001 "
                "WHERE id > :last ORDER BY id LIMIT :batch"
            ),
            {"last": last, "batch": BATCH},
        ).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _copy_rows(connection: sa.Connection) -> None:
    """Rewrite every 0001 row into the compact tables (module doc), and count them per quarter hour."""
    instances: dict[str, int] = {}  # instance_text -> id
    previous_after: dict[int, bytes] = {}  # card id -> its last row's packed sched_after
    counts: dict[int, list[int]] = {}  # quarter -> [answers, reviews, retained]
    instance_table = sa.table(
        "review_instance",
        sa.column("id"),
        sa.column("digest"),
        sa.column("truth", sa.JSON()),
        sa.column("params", sa.JSON()),
        sa.column("device"),
        sa.column("torch_version"),
    )
    log_columns = (
        "id card_id reviewed_at rating state_before duration_ms typed_answer verdict params_seed instance_id "
        "sched_before sched_after"
    ).split()
    log_table = sa.table("review_log", *(sa.column(name) for name in log_columns))
    for rows in _old_rows(connection):
        new_rows = []
        for row in rows:
            (rid, card_id, reviewed_at, rating, state, duration, typed, verdict) = row[:8]
            truth, params, seed, device, torch_version, before, after = row[8:]
            truth, params = _as_dict(truth), _as_dict(params)
            instance_id = None
            if truth is not None or params is not None or device is not None or torch_version is not None:
                text = instance_text(truth, params, device, torch_version)
                if text not in instances:
                    instances[text] = len(instances) + 1
                    connection.execute(
                        instance_table.insert(),
                        {
                            "id": instances[text],
                            "digest": instance_digest(text),
                            "truth": truth,
                            "params": params,
                            "device": device,
                            "torch_version": torch_version,
                        },
                    )
                instance_id = instances[text]
            packed_before = pack_snapshot(_as_dict(before))
            packed_after = pack_snapshot(_as_dict(after))
            micros = _naive_utc_micros(reviewed_at)
            new_rows.append(
                {
                    "id": rid,
                    "card_id": card_id,
                    "reviewed_at": micros,
                    "rating": rating,
                    "state_before": state,
                    "duration_ms": duration,
                    "typed_answer": typed,
                    "verdict": verdict,
                    "params_seed": seed,
                    "instance_id": instance_id,
                    "sched_before": None if previous_after.get(card_id) == packed_before else packed_before,
                    "sched_after": packed_after,
                }
            )
            previous_after[card_id] = packed_after
            count = counts.setdefault(micros // QUARTER_US, [0, 0, 0])
            count[0] += 1
            count[1] += state == REVIEW_PHASE
            count[2] += state == REVIEW_PHASE and rating > 1
        connection.execute(log_table.insert(), new_rows)
    count_table = sa.table(
        "review_count", sa.column("quarter"), sa.column("answers"), sa.column("reviews"), sa.column("retained")
    )
    if counts:
        connection.execute(
            count_table.insert(),
            [
                {"quarter": quarter, "answers": answers, "reviews": reviews, "retained": retained}
                for quarter, (answers, reviews, retained) in counts.items()
            ],
        )


def upgrade() -> None:
    """Rename the 0001 log aside, create the compact tables, copy every row (online), then drop the old log."""
    op.drop_index("ix_review_log_card_id_reviewed_at", table_name="review_log")
    op.drop_index("ix_review_log_reviewed_at", table_name="review_log")
    op.rename_table("review_log", "review_log_0001")
    if op.get_context().dialect.name == "postgresql":  # the primary key's index keeps its name: free it
        op.execute("ALTER TABLE review_log_0001 RENAME CONSTRAINT pk_review_log TO pk_review_log_0001")
    _create_tables()
    if op.get_context().as_sql:
        _create_indexes()
        return
    connection = op.get_bind()
    _copy_rows(connection)
    _create_indexes()
    op.drop_table("review_log_0001")


def downgrade() -> None:
    """Not supported: the 0001 log cannot be rebuilt exactly from the compact one (restore the backup instead)."""
    raise NotImplementedError("downgrading 0002 is not supported: restore the backup made before the upgrade")
