"""The TUI on a PostgreSQL server that goes away: the next read ends the app with exit 4 and one line."""

from __future__ import annotations

from collections.abc import Iterator

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


@pytest.fixture
def server() -> Iterator[postgres.Server]:
    """A server of this test alone (the shared one must stay up)."""
    if (reason := postgres.unavailable()) is not None:
        pytest.skip(reason)
    with postgres.running_server() as running:
        yield running


async def test_a_lost_server_ends_the_app_with_exit_4(
    server: postgres.Server, pool: WorkerPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = server.new_database()
    monkeypatch.setenv("QUIZZER_DB", url)  # what the one line names
    service = ReviewService(url, Settings(timezone="UTC"))
    opened = Services(load_decks([HERE / "study.yaml"]), service, Judge(pool, 10.0))
    app = QuizzerApp(lambda: opened, clock=lambda: NOW, ticker=lambda: 0.0)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            server.stop()
            await pilot.press("t")  # the statistics are read on a worker: the connection fails there
            await settle(pilot)
        assert app.return_code == 4
    finally:
        service.close()
