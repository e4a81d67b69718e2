"""The review log in the FSRS optimizer's CSV format.

Columns: ``card_id`` (the card's integer id, stable across renames), ``review_time``
(epoch milliseconds, UTC), ``review_rating`` (1-4), ``review_state`` (0 new, 1 learning,
2 review, 3 relearning: the state before the answer) and ``review_duration`` (ms).
Rows are in review order, as the optimizer expects.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import BigInteger, select, type_coerce
from sqlalchemy.orm import Session

from quizzer.store.models import ReviewLog

COLUMNS = ("card_id", "review_time", "review_rating", "review_state", "review_duration")
BATCH = 10_000


def write_revlog_csv(session: Session, path: Path) -> int:
    """Write every review to ``path`` (streamed, in batches; times are stored as epoch microseconds)."""
    micros = type_coerce(ReviewLog.reviewed_at, BigInteger)  # the stored integer, not a datetime per row
    query = select(ReviewLog.card_id, micros, ReviewLog.rating, ReviewLog.state_before, ReviewLog.duration_ms)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        result = session.execute(query.order_by(micros, ReviewLog.id).execution_options(yield_per=BATCH))
        for rows in result.partitions():
            writer.writerows(
                (card_id, at // 1000, rating, state, duration) for card_id, at, rating, state, duration in rows
            )
            count += len(rows)
    return count
