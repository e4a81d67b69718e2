"""The stats screen offers `optimize` once enough answers came, fits off the UI thread and shows before/after."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Static

from quizzer.scheduling.fit_policy import SUGGEST_AFTER_ANSWERS
from quizzer.tui.screens.stats import StatsScreen
from tests.fitting.conftest import record_learner
from tests.tui.conftest import SIZE, MakeApp, settle

pytestmark = pytest.mark.asyncio


def fsrs_text(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, StatsScreen), screen
    content = screen.query_one("#stats-fsrs", Static).content
    return content if isinstance(content, str) else Content.from_markup(str(content)).plain


async def test_the_stats_screen_offers_a_fit_and_shows_its_figures(make_app: MakeApp, db_path: Path) -> None:
    answers = record_learner(f"sqlite:///{db_path}", cards=200, days=365)
    assert answers >= SUGGEST_AFTER_ANSWERS
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        shown = fsrs_text(app)
        assert "FSRS parameters: the defaults" in shown
        assert f"{answers:,} answers so far: press o to fit parameters to them" in shown
        await pilot.press("o")
        await settle(pilot)
        shown = fsrs_text(app)
        assert "current (defaults)" in shown and "\nfitted " in shown and "log loss" in shown
        assert "adopted: the fitted parameters schedule from the next answer" in shown
        await pilot.press("r")
        await settle(pilot)
        assert fsrs_text(app).startswith("FSRS parameters: fitted 2025-03-03 on ")
        assert "press o" not in fsrs_text(app)  # no answer came since the fit
    with sqlite3.connect(db_path) as db:
        assert db.execute("select preset, review_count from fsrs_parameters").fetchall() == [("", answers)]
