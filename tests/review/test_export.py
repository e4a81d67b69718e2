"""The review log as the FSRS optimizer's CSV."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

from quizzer.review.service import ReviewService
from tests.review.conftest import NOW, build_deck, question


def test_revlog_csv_format(service: ReviewService, tmp_path: Path) -> None:
    service.sync([build_deck()], NOW)
    service.answer("d/n1/q1", 3, NOW, duration_ms=4200)
    service.answer("d/n2/q1", 1, NOW + timedelta(seconds=1, microseconds=500_999), duration_ms=900)
    service.answer("d/n1/q1", 3, NOW + timedelta(minutes=10))
    renamed = build_deck(notes={"n1": [question("first", was=["q1"]), "q2"], "n2": ["q1"]})
    service.sync([renamed], NOW)
    service.answer("d/n1/first", 1, NOW + timedelta(days=3))

    path = tmp_path / "revlog.csv"
    assert service.export_revlog(path) == 4
    with path.open(newline="") as source:
        rows = list(csv.reader(source))
    assert rows[0] == ["card_id", "review_time", "review_rating", "review_state", "review_duration"]
    start = int(NOW.timestamp() * 1000)
    assert rows[1:] == [
        ["1", str(start), "3", "0", "4200"],
        ["3", str(start + 1500), "1", "0", "900"],  # milliseconds, truncated
        ["1", str(start + 600_000), "3", "1", "0"],
        ["1", str(start + 3 * 86_400_000), "1", "2", "0"],  # same card id after the rename
    ]


def test_empty_log_gives_the_header_only(service: ReviewService, tmp_path: Path) -> None:
    path = tmp_path / "revlog.csv"
    assert service.export_revlog(path) == 0
    assert path.read_text() == "card_id,review_time,review_rating,review_state,review_duration\n"
