"""The TUI on a PostgreSQL server that goes away: the next read ends the app with exit 4 and one line."""

from __future__ import annotations

import pytest

from quizzer.decks.loader import load_decks
from quizzer.engine.pool import WorkerPool
from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import Settings
from quizzer.study.judge import Judge
from quizzer.study.opener import Services
from quizzer.tui.app import QuizzerApp
from tests.tui.conftest import HERE, NOW, SIZE, settle
from testsupport import postgres

pytestmark = pytest.mark.asyncio


async def test_a_lost_server_ends_the_app_with_exit_4(
    own_postgres_server: postgres.Server, pool: WorkerPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = own_postgres_server.new_database()
    monkeypatch.setenv("QUIZZER_DB", url)  # what the one line names
    service = ReviewService(url, Settings(timezone="UTC"))
    opened = Services(load_decks([HERE / "study.yaml"]), service, Judge(pool, 10.0))
    app = QuizzerApp(lambda: opened, clock=lambda: NOW, ticker=lambda: 0.0)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            own_postgres_server.stop()
            await pilot.press("t")  # the statistics are read on a worker: the connection fails there
            await settle(pilot)
        assert app.return_code == 4
    finally:
        service.close()
