"""The last `quizzer check` result of each deck, kept in the data folder for the review TUI's home screen.

One small JSON file (``last-check.json``): per deck id, how many of its questions passed,
failed, errored or were skipped, when, and on which device. ``check`` merges its decks
into it; a file that cannot be read or written is treated as empty and never fails a run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from quizzer import paths
from quizzer.checking.results import CheckStatus, QuestionResult
from quizzer.files import write_whole

FILE_NAME = "last-check.json"


@dataclass(frozen=True)
class DeckCheck:
    """One deck's last check."""

    passed: int
    failed: int
    errors: int
    skipped: int
    at: str  # ISO 8601, UTC
    device: str
    partial: bool = False  # only the questions matching -k were run

    @property
    def ok(self) -> bool:
        """True when nothing failed or errored."""
        return not (self.failed or self.errors)


def record_file() -> Path:
    """Where the records live."""
    return paths.data_dir() / FILE_NAME


def load_checks() -> dict[str, DeckCheck]:
    """The last check of each deck that has been checked."""
    try:
        data = json.loads(record_file().read_text(encoding="utf-8"))
        return {deck: DeckCheck(**entry) for deck, entry in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def record_checks(results: Iterable[QuestionResult], device: str, *, partial: bool = False) -> None:
    """Merge this run's per-deck counts into the record file."""
    counts: dict[str, dict[CheckStatus, int]] = {}
    for result in results:
        per_status = counts.setdefault(result.id.split("/", 1)[0], dict.fromkeys(CheckStatus, 0))
        per_status[result.status] += 1
    now = datetime.now(UTC).isoformat(timespec="seconds")
    merged = load_checks() | {
        deck: DeckCheck(
            c[CheckStatus.PASSED],
            c[CheckStatus.FAILED],
            c[CheckStatus.ERROR],
            c[CheckStatus.SKIPPED],
            now,
            device,
            partial,
        )
        for deck, c in counts.items()
    }
    path = record_file()
    try:
        write_whole(path, json.dumps({deck: asdict(entry) for deck, entry in merged.items()}, indent=1).encode())
    except OSError:
        return
