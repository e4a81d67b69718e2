"""Trust in a review (issue 13, item 1): decks are checked as loaded, and again when read after an edit."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizzer.decks import trust
from quizzer.decks.loader import load_decks
from quizzer.device_request import CPU
from quizzer.engine import WorkerPool
from quizzer.exit_codes import ExitCode
from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import Settings
from quizzer.study.judge import Judge
from quizzer.study.opener import OpenFailed, Services, ServicesOpener
from quizzer.study.session import StudySession
from quizzer.study.steps import Reloaded

DECK = Path(__file__).parent / "session.yaml"
NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


def test_the_opener_refuses_a_deck_that_is_not_trusted_as_loaded(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    shutil.copy(DECK, deck)
    opener = ServicesOpener([deck], CPU, 10.0, require_trust=True)
    try:
        with pytest.raises(OpenFailed) as failed:
            opener()
    finally:
        opener.close()
    assert failed.value.code == ExitCode.USAGE and f"{deck} is not trusted" in failed.value.lines[0]


def test_a_deck_edited_during_a_review_reloads_only_while_trusted(tmp_path: Path, pool: WorkerPool) -> None:
    deck = tmp_path / "deck.yaml"
    shutil.copy(DECK, deck)
    trust.allow(deck)
    service = ReviewService(f"sqlite:///{tmp_path / 'quizzer.sqlite3'}", Settings(timezone="UTC"))
    try:
        services = Services(load_decks([deck]), service, Judge(pool, 10.0), require_trust=True)
        session = StudySession(services, clock=lambda: NOW, ticker=lambda: 0.0)
        session.open()
        deck.write_text(deck.read_text() + "# edited\n")  # no longer the trusted content
        step = session.reload()
        refused = [event for event in step.events if isinstance(event, Reloaded)]
        assert refused and refused[0].problems and "is not trusted" in refused[0].problems[0]
        trust.allow(deck)
        step = session.reload()
        assert Reloaded() in step.events
    finally:
        service.close()
