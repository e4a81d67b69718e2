"""The review flow driven with Pilot against a real worker pool and a temporary database."""

from __future__ import annotations

import sqlite3
import sys
from contextlib import nullcontext
from pathlib import Path

import pytest
from rich.console import Console
from textual.content import Content
from textual.widgets import Input, Markdown, Static

from quizzer.tui.app import QuizzerApp
from quizzer.tui.config import TuiConfig
from quizzer.tui.screens.help import HelpScreen
from quizzer.tui.screens.home import HomeScreen
from quizzer.tui.screens.review import ReviewScreen, Stage
from quizzer.tui.screens.summary import SummaryScreen
from quizzer.tui.widgets.verdict import VerdictView, snippet_code
from tests.tui.conftest import HERE, SIZE, MakeApp, reviews, settle

pytestmark = pytest.mark.asyncio


def text_of(screen: ReviewScreen, selector: str) -> str:
    """The plain text a Static shows (markup resolved, Rich tables printed)."""
    content = screen.query_one(selector, Static).content
    if isinstance(content, str):
        return Content.from_markup(content).plain
    console = Console(width=200, color_system=None, force_terminal=False)
    with console.capture() as captured:
        console.print(content)
    return captured.get()


def question_text(screen: ReviewScreen) -> str:
    """The question on screen, as plain text."""
    return text_of(screen, "#question")


def review_screen(app: QuizzerApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen), app.screen
    return app.screen


async def test_right_answer_enter_records_the_suggested_rating(make_app: MakeApp, db_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        await settle(pilot)
        screen = review_screen(app)
        assert "torch.zeros(2, 3).shape" in question_text(screen)
        answer = screen.query_one("#answer", Input)
        assert answer.has_focus and answer.placeholder.startswith("a shape, e.g. (2, 3)")
        assert "truth ready · cpu" in text_of(screen, "#truth-status")
        assert app.sub_title == "device cpu"
        await pilot.press(*"2x3", "enter")
        await settle(pilot)
        assert screen.stage is Stage.RATING
        assert text_of(screen, "#verdict-line") == "✔ Correct"
        assert "(2, 3)" in text_of(screen, "#sides")
        assert "torch.Size([2, 3])" in text_of(screen, "#output")
        suggested = int(screen.answered.suggested)
        assert suggested == 3  # a first sight suggests Good at most, however fast
        assert screen.query_one(f"#rating-{suggested}").has_class("-suggested")
        await pilot.press("enter")
        await settle(pilot)
        assert "Which function joins" in question_text(screen)
        assert "1 done · 3 left today" in text_of(screen, "#progress-text")  # Good keeps a new card learning
    assert reviews(db_path) == [("study/shapes/zeros", suggested, "2x3", "correct")]


async def test_wrong_answer_explains_and_suggests_again(make_app: MakeApp, db_path: Path) -> None:
    app = make_app(tags=["shapes"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review_screen(app)
        await pilot.press(*"(3, 2)", "enter")
        await settle(pilot)
        assert text_of(screen, "#verdict-line") == "✘ Wrong"
        assert "dims 0 and 1 swapped" in text_of(screen, "#explanation")
        assert "Shapes\n\nzeros(2, 3) has two rows" in text_of(screen, "#note")
        assert screen.query_one("#setup").display and snippet_code(screen.answered) == "x = torch.zeros(2, 3)\nx.shape"
        assert screen.query_one("#rating-1").has_class("-suggested")
        await pilot.press("enter")
        await settle(pilot)
    assert reviews(db_path) == [("study/shapes/zeros", 1, "(3, 2)", "wrong")]


async def test_unparsed_keeps_the_question_and_shows_the_hint(make_app: MakeApp, db_path: Path) -> None:
    app = make_app(tags=["shapes"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review_screen(app)
        await pilot.press(*"two by three", "enter")
        await settle(pilot)
        assert screen.stage is Stage.ASKING
        assert screen.query_one("#hint").display and "Not read as a shape" in text_of(screen, "#hint")
        assert not screen.query_one(VerdictView).display
        answer = screen.query_one("#answer", Input)
        assert answer.has_focus and answer.value == "two by three"
        answer.value = ""
        await pilot.press(*"(2, 3)", "enter")
        await settle(pilot)
        assert screen.stage is Stage.RATING
        await pilot.press("2")
        await settle(pilot)
    assert reviews(db_path) == [("study/shapes/zeros", 2, "(2, 3)", "correct")]


async def test_choice_shows_numbered_options(make_app: MakeApp, db_path: Path) -> None:
    app = make_app(tags=["ops"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review_screen(app)
        assert "1. torch.stack\n2. torch.cat" in question_text(screen)
        await pilot.press("2", "enter")
        await settle(pilot)
        assert text_of(screen, "#verdict-line") == "✔ Correct"
        await pilot.press("3")
        await settle(pilot)
        assert screen.stage is Stage.WAITING  # Good: due again in 10 minutes, within the learn-ahead window
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
    assert reviews(db_path) == [("study/ops/which", 3, "2", "correct")]


async def test_recall_reveals_on_enter_and_is_self_rated(make_app: MakeApp, db_path: Path) -> None:
    app = make_app(tags=["memory"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review_screen(app)
        await pilot.press("enter")
        await settle(pilot)
        assert text_of(screen, "#verdict-line") == "Revealed: rate yourself"
        assert "On the CPU, in page-locked memory." in text_of(screen, "#sides")
        assert screen.query_one("#rating-3").has_class("-suggested")
        await pilot.press("1")
        await settle(pilot)
    assert reviews(db_path) == [("study/memory/pinned", 1, "", "self_graded")]


async def test_undo_brings_the_card_back_and_removes_its_row(make_app: MakeApp, db_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = review_screen(app)
        await pilot.press(*"(2, 3)", "enter")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert len(reviews(db_path)) == 1 and "Which function" in question_text(screen)
        await pilot.press("u")  # typed into the answer box: not an action
        assert screen.query_one("#answer", Input).value == "u"
        screen.query_one("#answer", Input).value = ""
        await pilot.press("escape", "u")
        await settle(pilot)
        assert "torch.zeros(2, 3).shape" in question_text(screen)
        assert "undone study/shapes/zeros" in text_of(screen, "#notice")
        assert app.recorded == 0
    assert reviews(db_path) == []


async def test_suspend_and_bury_set_cards_aside(make_app: MakeApp, db_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = review_screen(app)
        await pilot.press("escape", "s")
        await settle(pilot)
        assert "Which function" in question_text(screen)
        await pilot.press(*":bury", "enter")  # the --plain commands work in the answer box too
        await settle(pilot)
        assert "pin_memory" in question_text(screen)
    with sqlite3.connect(db_path) as db:
        assert db.execute("select key from card where suspended").fetchall() == [("study/shapes/zeros",)]
        assert db.execute("select key from card where buried_until is not null").fetchall() == [("study/ops/which",)]
    assert reviews(db_path) == []


async def test_quit_keeps_rated_answers_and_a_resume_continues(make_app: MakeApp, db_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"(2, 3)", "enter")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("2", "enter")  # judged, never rated: not recorded
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_value == 1 and app.return_code == 0
    assert reviews(db_path) == [("study/shapes/zeros", 3, "(2, 3)", "correct")]
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = review_screen(again)
        assert "Which function" in question_text(screen)
        assert "1 done" not in text_of(screen, "#progress-text")
        assert "3 left today" in text_of(screen, "#progress-text")  # the Good one is due again later today


async def test_a_snippet_that_times_out_says_so_and_can_be_skipped(make_app: MakeApp, db_path: Path) -> None:
    app = make_app("broken.yaml", "study.yaml", deck_ids=["broken", "study"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review_screen(app)
        assert "did not run: timeout" in text_of(screen, "#truth-status")
        await pilot.press(*"(1, 2)", "enter")
        await settle(pilot)
        assert screen.stage is Stage.FAILED
        assert text_of(screen, "#verdict-line").startswith("⚠ No verdict")
        assert "skips this question" in text_of(screen, "#explanation")
        await pilot.press("enter")
        await settle(pilot)
        assert "torch.zeros(2, 3).shape" in question_text(screen)
        assert screen.stage is Stage.ASKING
    assert reviews(db_path) == []


async def test_edit_opens_the_editor_at_the_line_and_reloads(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = tmp_path / "study.yaml"
    deck.write_text((HERE / "study.yaml").read_text())
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import pathlib, sys\n"
        "line, path = sys.argv[1], pathlib.Path(sys.argv[2])\n"
        "pathlib.Path(path.parent / 'line').write_text(line)\n"
        "path.write_text(path.read_text().replace('What is `torch', 'Edited, what is `torch'))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.setattr(QuizzerApp, "suspend", lambda self: nullcontext())  # headless: no terminal to hand over
    app = make_app(str(deck), tags=["shapes"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review_screen(app)
        await pilot.press("escape", "e")
        await settle(pilot)
        assert (tmp_path / "line").read_text() == "+10"
        assert question_text(screen).startswith("Edited, what is")
        assert "deck reloaded" in text_of(screen, "#notice")


async def test_palette_runs_review_actions(make_app: MakeApp, db_path: Path) -> None:
    app = make_app(tags=["shapes", "ops"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"suspend")
        await settle(pilot)  # the palette's search is a worker too
        await pilot.press("enter")
        await settle(pilot)
        assert "Which function" in question_text(review_screen(app))
    with sqlite3.connect(db_path) as db:
        assert db.execute("select key from card where suspended").fetchall() == [("study/shapes/zeros",)]


async def test_keys_can_be_remapped_by_binding_id(make_app: MakeApp) -> None:
    app = make_app(tags=["shapes", "ops"], config=TuiConfig(keymap={"review.skip": "k"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = review_screen(app)
        await pilot.press("escape", "n")
        await settle(pilot)
        assert "torch.zeros" in question_text(screen)
        await pilot.press("k")
        await settle(pilot)
        assert "Which function" in question_text(screen)


async def test_help_lists_the_keys_with_their_ids(make_app: MakeApp) -> None:
    app = make_app(tags=["shapes"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        source = app.screen.query_one(Markdown).source
        assert "| `s` | Keep this card out of every review | `review.suspend` |" in source
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
