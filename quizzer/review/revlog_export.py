"""The review log in the FSRS optimizer's CSV format.

Columns: ``card_id`` (the card's integer id, stable across renames), ``review_time``
(epoch milliseconds, UTC), ``review_rating`` (1-4), ``review_state`` (0 new, 1 learning,
2 review, 3 relearning: the state before the answer) and ``review_duration`` (ms).
Rows are in review order, as the optimizer expects.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from quizzer.files import write_whole_with

COLUMNS = ("card_id", "review_time", "review_rating", "review_state", "review_duration")
BATCH = 10_000
# Plain SQL over the stored integers, on the driver's own cursor (a million rows through
# SQLAlchemy's result objects would double the time): times are epoch microseconds, floored
# to milliseconds in SQL (also before 1970), and rows go to the CSV writer in batches.
_QUERY = (
    "SELECT card_id, (reviewed_at - ((reviewed_at % 1000) + 1000) % 1000) / 1000, rating, state_before, duration_ms"
    " FROM review_log WHERE profile_id = {profile:d} ORDER BY reviewed_at, id"
)


def write_revlog_csv(session: Session, path: Path, profile: int) -> int:
    """Write every review of the profile to ``path`` whole (``quizzer.files``); returns how many rows were written.

    A failure half-way (a damaged database) leaves an existing ``path`` as it was.
    """
    count = 0
    query = _QUERY.format(profile=int(profile))  # an integer: nothing to quote, one text for every driver

    def write(binary: BinaryIO) -> None:
        nonlocal count
        out = io.TextIOWrapper(binary, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        connection = session.connection()
        driver_error = connection.dialect.loaded_dbapi.Error
        cursor = connection.connection.cursor()  # the session's transaction
        try:
            cursor.execute(query)
            while rows := cursor.fetchmany(BATCH):
                writer.writerows(rows)
                count += len(rows)
        except driver_error as error:  # as SQLAlchemy would raise it, for the callers' database-error handling
            raise DBAPIError.instance(query, None, error, driver_error) from error
        finally:
            cursor.close()
        out.detach()  # write_whole_with syncs and closes the file itself

    write_whole_with(path, write)
    return count
