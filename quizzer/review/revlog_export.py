"""The review log in the FSRS optimizer's CSV format.

Columns: ``card_id`` (the card's integer id, stable across renames), ``review_time``
(epoch milliseconds, UTC), ``review_rating`` (1-4), ``review_state`` (0 new, 1 learning,
2 review, 3 relearning: the state before the answer) and ``review_duration`` (ms).
Rows are in review order, as the optimizer expects.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizzer.files import write_whole_with
from quizzer.store.models import ReviewLog

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
COLUMNS = ("card_id", "review_time", "review_rating", "review_state", "review_duration")


def write_revlog_csv(session: Session, path: Path) -> int:
    """Write every review to ``path`` whole (``quizzer.files``); returns how many rows were written.

    A failure half-way (a damaged database) leaves an existing ``path`` as it was.
    """
    query = select(
        ReviewLog.card_id, ReviewLog.reviewed_at, ReviewLog.rating, ReviewLog.state_before, ReviewLog.duration_ms
    ).order_by(ReviewLog.reviewed_at, ReviewLog.id)
    count = 0

    def write(binary: BinaryIO) -> None:
        nonlocal count
        out = io.TextIOWrapper(binary, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for card_id, reviewed_at, rating, state, duration in session.execute(query.execution_options(yield_per=5000)):
            writer.writerow((card_id, (reviewed_at - EPOCH) // timedelta(milliseconds=1), rating, state, duration))
            count += 1
        out.detach()  # write_whole_with syncs and closes the file itself

    write_whole_with(path, write)
    return count
