"""Snapshots of the main screens: home, question, verdict, summary and stats (SVG, see conftest.assert_snapshot).

The clock is fixed and the timers never move, so a screen only changes when the code does.
Rewrite them with QUIZZER_UPDATE_SNAPSHOTS=1 after looking at the difference.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from quizzer.decks.loader import load_decks
from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import Settings
from quizzer.tui.screens.stats import StatsScreen
from tests.tui.conftest import HERE, NOW, SIZE, MakeApp, assert_snapshot, settle

pytestmark = pytest.mark.asyncio


async def test_home(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app("study.yaml", "broken.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert_snapshot(app, "home", tmp_path)


async def test_question(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(tags=["ops"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert_snapshot(app, "question", tmp_path)


async def test_verdict(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(tags=["shapes"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"(3, 2)", "enter")
        await settle(pilot)
        assert_snapshot(app, "verdict", tmp_path)


async def test_verdict_at_80x24_keeps_the_ratings_and_the_footer_on_screen(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(tags=["shapes", "ops"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"(3, 2)", "enter")
        await settle(pilot)
        ratings, footer = app.screen.query_one("#ratings"), app.screen.query_one("QuizzerFooter")
        assert ratings.region.bottom <= footer.region.y and footer.region.bottom == 24
        assert_snapshot(app, "verdict-80x24", tmp_path)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("escape")  # the answer box lets go of the keys: the footer shows them all
        await settle(pilot)
        assert_snapshot(app, "keys-80x24", tmp_path)


async def test_summary(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(tags=["shapes", "ops"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for answer, rating in (("(2, 3)", "3"), ("1", "1")):
            await pilot.press(*answer, "enter")
            await settle(pilot)
            await pilot.press(rating)
            await settle(pilot)
        await pilot.press("f")  # both are learning cards due again within minutes: the session waits for them
        await settle(pilot)
        assert_snapshot(app, "summary", tmp_path)


async def test_stats(make_app: MakeApp, db_path: Path, tmp_path: Path) -> None:
    with ReviewService(f"sqlite:///{db_path}", Settings(timezone="UTC")) as service:
        service.sync(load_decks([HERE / "study.yaml"]), NOW - timedelta(days=60))
        history = [(-60, 3), (-59, 3), (-45, 1), (-44, 3), (-30, 3), (-12, 1), (-11, 3), (-1, 4)]
        for days, rating in history:  # two cards answered on several study days, with a few lapses
            for offset, card in enumerate(("study/shapes/zeros", "study/ops/which")):
                service.answer(card, rating, NOW + timedelta(days=days, minutes=offset))
    app = make_app()
    async with app.run_test(size=(100, 48)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        assert_snapshot(app, "stats", tmp_path)
