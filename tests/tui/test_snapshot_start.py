"""Starting from the saved next question: the question is on screen before the services open, then adopted or replaced."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Input

from quizzer.exit_codes import ExitCode
from quizzer.grading import hint
from quizzer.study.opener import OpenFailed, Services
from quizzer.study.shown import NextQuestionFile, ShownQuestion
from quizzer.tui.app import QuizzerApp
from quizzer.tui.screens.review import ReviewScreen, Stage
from quizzer.tui.screens.summary import SummaryScreen
from tests.tui.conftest import NOW, SIZE, MakeApp, reviews, settle, wait_until
from tests.tui.test_flow import question_text, review_screen, text_of

pytestmark = pytest.mark.asyncio

ZEROS = ShownQuestion(
    "study/shapes/zeros", "Study session fixture", "shape", "What is `torch.zeros(2, 3).shape`?", (), hint("shape"), 1
)
WHICH = ShownQuestion(
    "study/ops/which",
    "Study session fixture",
    "choice",
    "Which function joins tensors along an existing dimension?",
    ("torch.stack", "torch.cat"),
    hint("choice"),
    1,
)


async def first_frames(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the app mount and paint while its services are still held back."""
    for _ in range(5):
        await pilot.pause()


async def test_the_saved_question_is_on_screen_before_the_services_open_and_an_early_answer_is_judged(
    make_app: MakeApp, db_path: Path
) -> None:
    gate = threading.Event()
    app = make_app(tags=["shapes"], early=ZEROS, gate=gate)
    async with app.run_test(size=SIZE) as pilot:
        await first_frames(pilot)
        screen = review_screen(app)
        assert screen.stage is Stage.EARLY and screen.session is None
        assert "torch.zeros(2, 3).shape" in question_text(screen)
        assert text_of(screen, "#truth-status").strip() == "opening the session…"
        assert screen.query_one("#answer", Input).has_focus
        await pilot.press(*"(2, 3)", "enter")
        await pilot.pause()
        assert screen.stage is Stage.JUDGING  # held until the session confirms the question
        assert reviews(db_path) == []
        gate.set()
        await settle(pilot)
        assert screen.stage is Stage.RATING
        assert text_of(screen, "#verdict-line") == "✔ Correct"
        await pilot.press("enter")
        await settle(pilot)
    assert [(card, answer, verdict) for card, _, answer, verdict in reviews(db_path)] == [
        ("study/shapes/zeros", "(2, 3)", "correct")
    ]


async def test_text_typed_on_the_saved_question_stays_when_the_session_confirms_it(make_app: MakeApp) -> None:
    gate = threading.Event()
    app = make_app(tags=["shapes"], early=ZEROS, gate=gate)
    async with app.run_test(size=SIZE) as pilot:
        await first_frames(pilot)
        await pilot.press(*"(2, ")
        gate.set()
        await settle(pilot)
        screen = review_screen(app)
        answer = screen.query_one("#answer", Input)
        assert screen.stage is Stage.ASKING and answer.value == "(2, " and answer.has_focus
        assert text_of(screen, "#notice").strip() == ""
        assert text_of(screen, "#truth-status").startswith("truth ready")


async def test_a_command_typed_on_the_saved_question_waits_for_the_session(make_app: MakeApp, db_path: Path) -> None:
    gate = threading.Event()
    app = make_app(tags=["shapes"], early=ZEROS, gate=gate)
    async with app.run_test(size=SIZE) as pilot:
        await first_frames(pilot)
        screen = review_screen(app)
        await pilot.press(*":skip", "enter")
        await pilot.pause()
        assert screen.stage is Stage.EARLY
        assert "works once the session is open" in text_of(screen, "#hint")
        gate.set()
        await settle(pilot)
        assert screen.stage is Stage.ASKING and "torch.zeros(2, 3).shape" in question_text(screen)
    assert reviews(db_path) == []


async def test_a_stale_saved_question_is_replaced_and_its_early_answer_is_not_used(
    make_app: MakeApp, db_path: Path
) -> None:
    gate = threading.Event()
    app = make_app(tags=["shapes"], early=WHICH, gate=gate)
    async with app.run_test(size=SIZE) as pilot:
        await first_frames(pilot)
        screen = review_screen(app)
        assert "1. torch.stack\n2. torch.cat" in question_text(screen)
        await pilot.press("2", "enter")
        gate.set()
        await settle(pilot)
        assert "torch.zeros(2, 3).shape" in question_text(screen)
        notice = text_of(screen, "#notice")
        assert "next question changed" in notice and "was not used" in notice
        assert screen.stage is Stage.ASKING and screen.query_one("#answer", Input).value == ""
    assert reviews(db_path) == []


async def test_each_question_shown_is_kept_for_the_next_start_and_forgotten_when_done(
    make_app: MakeApp, tmp_path: Path
) -> None:
    store = NextQuestionFile(tmp_path / "next-question.json", "scope")
    app = make_app(tags=["shapes"], next_file=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert store.load(NOW) == ZEROS
        await pilot.press(*"(2, 3)", "enter")
        await settle(pilot)
        await pilot.press("4")  # Easy, so the card is done for today (a first sight suggests Good at most)
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert store.load(NOW) is None  # nothing left today: the next start opens the session first


async def test_services_that_cannot_open_end_the_app_with_their_code(make_app: MakeApp) -> None:
    def broken() -> Services:
        raise OpenFailed(["decks/bad.yaml:3:1: unknown key", "quizzer: 1 problem in decks"], ExitCode.INVALID_DATA)

    app = QuizzerApp(broken, tags=["shapes"], early=ZEROS)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ReviewScreen)
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == ExitCode.INVALID_DATA


async def test_a_first_start_paints_the_question_guessed_from_the_deck_cache(make_app: MakeApp, db_path: Path) -> None:
    from quizzer.decks.loader import load_decks
    from quizzer.study.first_question import first_question
    from tests.tui.conftest import HERE

    load_decks([HERE / "study.yaml"])  # read once before: the deck cache holds it
    guess = first_question(f"sqlite:///{db_path}", [HERE / "study.yaml"], None, ["shapes"])
    assert guess is not None and guess.card_id == "study/shapes/zeros" and guess.hint == "" and guess.left is None
    gate = threading.Event()
    app = make_app(tags=["shapes"], early=guess, gate=gate)
    async with app.run_test(size=SIZE) as pilot:
        await first_frames(pilot)
        screen = review_screen(app)
        assert screen.stage is Stage.EARLY and "torch.zeros(2, 3).shape" in question_text(screen)
        assert text_of(screen, "#progress-text").strip() == "0 done"  # not known before the session opens
        gate.set()
        await settle(pilot)
        answer = screen.query_one("#answer", Input)
        assert screen.stage is Stage.ASKING and text_of(screen, "#notice").strip() == ""  # adopted, not replaced
        assert answer.placeholder == hint("shape") and "1 left today" in text_of(screen, "#progress-text")
