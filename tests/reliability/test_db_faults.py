"""The database file deleted or replaced under a running session, and export pointed at it (issue 13, item 4).

Runs ``testsupport.db_faults`` with real `quizzer` processes: $QUIZZER_DB_FAULT_ROUNDS rounds
of each case (default 1; the benchmark runs more).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from testsupport import db_faults

ROUNDS = int(os.environ.get("QUIZZER_DB_FAULT_ROUNDS", "1"))

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a file open elsewhere cannot be deleted on Windows")


def test_a_deleted_or_replaced_database_stops_the_session_and_export_never_overwrites_it(tmp_path: Path) -> None:
    figures = db_faults.run(ROUNDS, 0, workdir=tmp_path)
    context = str(figures)
    assert figures["problems"] == [], context
    assert figures["acknowledged"] > 0, context
    assert figures["acknowledged_after_fault"] == 0, context
    assert figures["one_line_exits_4"] == 3 * ROUNDS, context  # deleted, its restart, replaced
    assert figures["restarts_refused"] == ROUNDS, context
    assert figures["exports_refused"] == 2 * ROUNDS, context
    assert figures.get("lost", 0) == 0 and figures.get("tracebacks", 0) == 0, context
