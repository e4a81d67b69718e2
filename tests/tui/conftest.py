"""TUI fixtures: apps on a temporary database with the small decks of this folder, a fixed clock, no timers.

Every app shares the session's worker pool (tests/conftest.py). Nothing depends on the wall
clock: the study session gets ``clock`` (a fixed Monday morning) and the answer times and
on-screen timers a ticker that never moves. ``settle`` waits until no worker runs and every
posted message is handled, so a test reads the screen only once it is quiet; it waits on
the workers' completion, never for a fixed time.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled, WorkerFailed

from quizzer.decks.loader import load_decks
from quizzer.engine import WorkerPool
from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import Settings
from quizzer.study.judge import Judge
from quizzer.study.opener import Services
from quizzer.tui.app import QuizzerApp

HERE = Path(__file__).parent
SNAPSHOTS = HERE / "__snapshots__"
NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)  # a Monday; study days start at 04:00 UTC
SIZE = (100, 36)

MakeApp = Callable[..., QuizzerApp]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The test's SQLite file."""
    return tmp_path / "quizzer.sqlite3"


@pytest.fixture
def make_app(db_path: Path, pool: WorkerPool) -> Iterator[MakeApp]:
    """Build apps on the test database; each gets its own service, closed at the end."""
    services: list[ReviewService] = []

    def make(
        *deck_files: str,
        clock: Callable[[], datetime] = lambda: NOW,
        gate: threading.Event | None = None,
        settings: Settings | None = None,
        **options: Any,
    ) -> QuizzerApp:
        """An app on the test database; with ``gate``, its services open only once the gate is set."""
        service = ReviewService(f"sqlite:///{db_path}", settings or Settings(timezone="UTC"))
        services.append(service)
        decks = load_decks([HERE / name for name in deck_files or ("study.yaml",)])
        opened = Services(decks, service, Judge(pool, 10.0))

        def open_services() -> Services:
            if gate is not None:
                assert gate.wait(30), "the test never opened the gate"
            return opened

        return QuizzerApp(open_services, clock=clock, ticker=lambda: 0.0, **options)

    yield make
    for service in services:
        service.close()


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until no worker is running and the messages they posted are handled."""
    await wait_until(pilot, lambda: True)


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    """Wait for the workers to finish and their messages to be handled until ``condition`` holds.

    Each round waits for every running worker to complete, then for the app to go idle;
    the number of rounds is bounded, the time is not measured.
    """
    app = pilot.app
    for _ in range(100):
        with suppress(WorkerCancelled, WorkerFailed):  # a failed step is the app's to report
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers) and condition():
            await pilot.pause()
            if not any(worker.is_running for worker in app.workers):
                return
    raise AssertionError(f"not settled: workers {list(app.workers)}, condition {condition()}")


def reviews(db_path: Path) -> list[tuple[str, int, str | None, str | None]]:
    """(card key, rating, typed answer, verdict) for every row of the review log, oldest first."""
    with sqlite3.connect(db_path) as db:
        return db.execute(
            "select card.key, rating, typed_answer, verdict from review_log"
            " join card on card.id = review_log.card_id order by review_log.id"
        ).fetchall()


def assert_snapshot(app: QuizzerApp, name: str, tmp_path: Path) -> None:
    """Compare the screen with ``__snapshots__/<name>.svg``; QUIZZER_UPDATE_SNAPSHOTS=1 rewrites it."""
    for box in app.screen.query(Input):
        box.cursor_blink = False
    svg = app.export_screenshot(title=name)
    expected = SNAPSHOTS / f"{name}.svg"
    if os.environ.get("QUIZZER_UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        expected.write_text(svg, encoding="utf-8")
        return
    if not expected.exists():
        raise AssertionError(f"no snapshot {expected.name} yet: run with QUIZZER_UPDATE_SNAPSHOTS=1 and look at it")
    if svg != expected.read_text(encoding="utf-8"):
        received = tmp_path / f"{name}.svg"
        received.write_text(svg, encoding="utf-8")
        raise AssertionError(
            f"screen differs from {expected.relative_to(HERE.parent.parent)}; got {received}. "
            "Look at both, then rerun with QUIZZER_UPDATE_SNAPSHOTS=1 if the change is intended."
        )
