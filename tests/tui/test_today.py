"""What the learner is told about today: counts that agree, why no new cards, learn-ahead, nothing dropped."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Static
from textual.worker import WorkerState

from quizzer import paths
from quizzer.scheduling.settings import Settings
from quizzer.store.profiles import default_profile_name
from quizzer.study.more_new import MoreNewFile
from quizzer.tui.screens.home import HomeScreen
from quizzer.tui.screens.review import Stage
from quizzer.tui.screens.summary import SummaryScreen
from tests.tui.conftest import NOW, SIZE, MakeApp, reviews, settle
from tests.tui.test_flow import question_text, review_screen, text_of

pytestmark = pytest.mark.asyncio


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now


def left_today(text: str) -> int:
    """The number before ``left today`` in a line."""
    return int(text.split(" left today")[0].split()[-1])


def summary_left(app) -> int:  # type: ignore[no-untyped-def]
    figures = text_of(app.screen, "#summary-figures")
    return int(next(line for line in figures.splitlines() if "left today" in line).split()[-1])


async def test_home_header_and_summary_count_the_same_cards(make_app: MakeApp) -> None:
    app = make_app(settings=Settings(timezone="UTC", new_per_day=2))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = left_today(text_of(app.screen, "#scope"))
        assert home == 2  # three new questions, two allowed today
        await pilot.press("enter")
        await settle(pilot)
        screen = review_screen(app)
        assert left_today(text_of(screen, "#progress-text")) == home
        await pilot.press(*"(2, 3)", "enter")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert text_of(screen, "#progress-text").startswith("1 done · 1 left today")
        await pilot.press("escape", "n")  # skipped: it is still due today, and counted as such
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert summary_left(app) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and left_today(text_of(app.screen, "#scope")) == 1


async def test_home_says_why_a_deck_has_no_new_cards_and_offers_more_today(make_app: MakeApp, db_path: Path) -> None:
    app = make_app(settings=Settings(timezone="UTC", new_per_day=1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"(2, 3)", "enter")
        await settle(pilot)
        await pilot.press("4", "enter")  # then Enter on the summary: home
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        reason = text_of(app.screen, "#new-cards")
        assert "Study session fixture: no new cards today, daily limit of 1 new cards reached" in reason
        assert "m studies more new cards today" in reason
        assert left_today(text_of(app.screen, "#scope")) == 0
        await pilot.press("m")
        await settle(pilot)
        assert left_today(text_of(app.screen, "#scope")) == 2
        assert not app.screen.query_one("#new-cards", Static).display
    kept = MoreNewFile(paths.more_new_file(), f"sqlite:///{db_path}", default_profile_name())
    assert kept.load(NOW) == 10 and kept.load(NOW + timedelta(days=1)) == 0  # for today's study day only
    assert MoreNewFile(paths.more_new_file(), "sqlite:///elsewhere.sqlite3", default_profile_name()).load(NOW) == 0
    assert MoreNewFile(paths.more_new_file(), f"sqlite:///{db_path}", "another learner").load(NOW) == 0


async def test_siblings_held_for_tomorrow_are_explained(make_app: MakeApp, tmp_path: Path) -> None:
    deck = tmp_path / "siblings.yaml"
    deck.write_text(
        "deck: siblings\ntitle: Two of one note\nprelude: import torch\nnotes:\n"
        "  - id: pair\n    title: Pair\n    text: Two questions of one note.\n    questions:\n"
        "      - {id: one, ask: What is 1 + 1?, answer: 1 + 1, kind: int, expect: '2'}\n"
        "      - {id: two, ask: What is 2 + 2?, answer: 2 + 2, kind: int, expect: '4'}\n"
    )
    app = make_app(str(deck))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"2", "enter")
        await settle(pilot)
        await pilot.press("4", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Two of one note: no new cards today, 1 new held for tomorrow" in text_of(app.screen, "#new-cards")


async def test_a_learning_card_due_soon_is_counted_down_to_then_asked(make_app: MakeApp, db_path: Path) -> None:
    clock = Clock()
    app = make_app(tags=["shapes"], clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review_screen(app)
        await pilot.press(*"(3, 2)", "enter")
        await settle(pilot)
        await pilot.press("enter")  # Again: due in a minute
        await settle(pilot)
        assert screen.stage is Stage.WAITING
        assert "study/shapes/zeros comes back in 1:00" in text_of(screen, "#waiting")
        assert "0 done" not in text_of(screen, "#progress-text") and "1 left today" in text_of(screen, "#progress-text")
        clock.now += timedelta(seconds=45)
        screen.count_down()  # what the once-a-second timer does
        assert "comes back in 0:15" in text_of(screen, "#waiting")
        clock.now += timedelta(seconds=15)
        screen.count_down()
        await settle(pilot)
        assert screen.stage is Stage.ASKING and "torch.zeros(2, 3).shape" in question_text(screen)
        await pilot.press(*"(2, 3)", "enter")
        await settle(pilot)
        await pilot.press("3")  # Good: due in 10 minutes; Enter studies it now, as learn-ahead
        await settle(pilot)
        assert screen.stage is Stage.WAITING
        await pilot.press("enter")
        await settle(pilot)
        assert screen.stage is Stage.ASKING and "torch.zeros(2, 3).shape" in question_text(screen)
    assert [rating for _, rating, _, _ in reviews(db_path)] == [1, 3]


async def test_suspending_an_answered_card_records_its_answer_first(make_app: MakeApp, db_path: Path) -> None:
    app = make_app(tags=["shapes", "ops"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review_screen(app)
        await pilot.press(*"(3, 2)", "enter")
        await settle(pilot)
        assert screen.stage is Stage.RATING
        await pilot.press("s")
        await settle(pilot)
        assert text_of(screen, "#notice").strip() == "recorded 1 again, next in 1m; suspended"
        assert "Which function" in question_text(screen)
    assert reviews(db_path) == [("study/shapes/zeros", 1, "(3, 2)", "wrong")]
    with sqlite3.connect(db_path) as db:
        assert db.execute("select key from card where suspended").fetchall() == [("study/shapes/zeros",)]


async def test_a_question_the_device_cannot_run_is_left_out_with_a_notice(make_app: MakeApp, tmp_path: Path) -> None:
    deck = tmp_path / "study.yaml"
    text = (Path(__file__).parent / "study.yaml").read_text()
    deck.write_text(text.replace("      - id: zeros\n", "      - id: zeros\n        requires: {device: cuda}\n"))
    app = make_app(str(deck), tags=["shapes", "ops"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review_screen(app)
        assert (
            text_of(screen, "#notice").strip() == "left out study/shapes/zeros: requires device cuda (running on cpu)"
        )
        assert "Which function" in question_text(screen)


async def test_quitting_does_not_wait_for_a_code_answer_being_judged(make_app: MakeApp, tmp_path: Path) -> None:
    deck = Path(__file__).parent.parent / "study" / "session.yaml"
    gate = tmp_path / "gate"
    slow = f"[0 for _ in iter(lambda: __import__('os').path.exists({str(gate)!r}), True)] and x[-1:] or x[-1:]"
    app = make_app(str(deck), tags=["code"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review_screen(app)
        screen.query_one("#answer").value = slow
        await pilot.press("enter")
        await pilot.pause()
        try:
            judging = next(worker for worker in app.workers if worker.description == "judging the answer")
            await pilot.press("ctrl+q")
            await app.workers.wait_for_complete([worker for worker in app.workers if worker.name == "quit"])
            await pilot.pause()
            # the app has exited while the learner's code still runs (it cannot end before the gate opens)
            assert app.return_code == 0 and judging.state is not WorkerState.SUCCESS
        finally:
            gate.touch()
    assert app.return_code == 0 and app.return_value == 0
