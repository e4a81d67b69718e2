"""The class view, reached from the stats screen with c: most-missed notes and who is behind, answers never shown."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable

from quizzer.decks.loader import load_decks
from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import Settings
from quizzer.tui.screens.class_view import ClassScreen
from tests.tui.conftest import HERE, NOW, SIZE, MakeApp, settle

pytestmark = pytest.mark.asyncio


def rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def test_the_class_view_lists_the_most_missed_note_first(make_app: MakeApp, db_path: Path) -> None:
    decks = load_decks([HERE / "study.yaml"])
    for name, rating in (("ada", 1), ("bob", 1), ("cy", 3)):
        with ReviewService(f"sqlite:///{db_path}", Settings(timezone="UTC"), profile=name) as learner:
            learner.sync(decks, NOW - timedelta(days=30))
            learner.answer("study/ops/which", rating, NOW - timedelta(days=30), typed_answer="secret", verdict="wrong")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", "c")
        await settle(pilot)
        assert isinstance(app.screen, ClassScreen)
        notes = rows(app.screen.query_one("#class-notes", DataTable))
        assert notes[0][1:4] == [
            "study",
            "3/4",
            "2/3",
        ]  # the app synced your profile too and notes[0][6] == "3 (1 different)"
        assert not any("secret" in cell for row in notes for cell in row)
        behind = rows(app.screen.query_one("#class-behind", DataTable))
        assert {row[0] for row in behind} >= {"ada", "bob", "cy"}  # a month without study: every card overdue
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ClassScreen)
