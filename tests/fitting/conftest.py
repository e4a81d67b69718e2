"""A database holding a simulated learner's answers, recorded through the review service itself.

The learner forgets faster than FSRS's defaults assume (``testsupport.fsrs_sim``), so
parameters fitted to these answers predict them better than the defaults. Built once per
module and copied for each test.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import Settings
from tests.review.conftest import build_deck
from testsupport.fsrs_sim import simulate

CARDS = 200
DAYS = 365
SETTINGS = Settings(timezone="UTC")


def record_learner(db_url: str, cards: int, days: int) -> int:
    """Simulate the learner on a deck of ``cards`` questions through ``ReviewService.answer``; the answer count."""
    deck = build_deck("sim", {f"n{index}": [f"q{index}"] for index in range(cards)})
    keys = [f"sim/n{index}/q{index}" for index in range(cards)]
    with ReviewService(db_url, SETTINGS) as service:
        service.sync([deck], datetime(2024, 12, 31, tzinfo=UTC))

        def answer(index: int, when: datetime, rating: int) -> datetime:
            return service.answer(keys[index], rating, when).card.due

        return len(simulate(cards, days, seed=7, answer=answer))


@pytest.fixture(scope="module")
def learner_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with a few thousand simulated answers."""
    path = tmp_path_factory.mktemp("learner") / "quizzer.sqlite3"
    record_learner(f"sqlite:///{path}", CARDS, DAYS)
    return path


@pytest.fixture
def learner_url(learner_db: Path, tmp_path: Path) -> str:
    """A copy of the learner's database for one test."""
    copy = tmp_path / "learner.sqlite3"
    shutil.copyfile(learner_db, copy)
    return f"sqlite:///{copy}"
