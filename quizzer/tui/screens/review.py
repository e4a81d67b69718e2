"""The review screen: ask, judge, show the verdict and the note, rate; undo, suspend, bury, skip, edit.

It drives a ``StudySession`` the way ``quizzer.cli.plain`` does: an ``unparsed`` answer keeps
the question and shows the hint, an ``error`` verdict lets the learner skip, a recall
question reveals on Enter and is self-rated, a choice question shows numbered options.
Each step (open, rate, undo, set aside, reload) is one thread worker that does the
database work under ``app.db_lock``, posts what to show, then computes the next
question's truth while the learner reads it.

Given the saved copy of the next question (``quizzer.study.shown``), the screen paints it
before the services are open and the learner may start typing; when the session's real
first question arrives it is adopted if it is the same card (the typed text stays, an
answer already submitted is judged then), else it replaces the saved question with a notice.
Each question shown is saved for the next start.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Collection
from enum import Enum
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Header, Input, Markdown, ProgressBar, Static
from textual.worker import Worker, WorkerState

from quizzer.grading.kinds import Kind
from quizzer.grading.verdict import VerdictStatus
from quizzer.review.errors import UndoConflictError
from quizzer.tui.editor import open_in_editor
from quizzer.tui.messages import (
    AnswerJudged,
    AnswerRecorded,
    AnswerUndone,
    DecksReloaded,
    QuestionShown,
    SessionFinished,
    SessionOpened,
    TruthReady,
)
from quizzer.tui.screens.base import QuizzerScreen
from quizzer.tui.screens.summary import SessionSummary, SummaryScreen
from quizzer.tui.widgets.footer import QuizzerFooter
from quizzer.tui.widgets.ratings import RatingBar
from quizzer.tui.widgets.timer import QuestionTimer
from quizzer.tui.widgets.verdict import VerdictView, warm_highlighter
from quizzer.wording import RATING_NAMES, format_interval

if TYPE_CHECKING:
    from quizzer.study.session import Answered, Presented, StudySession
    from quizzer.study.shown import NextQuestionFile, ShownQuestion

PLAIN_COMMANDS = {
    ":undo": "undo",
    ":skip": "skip",
    ":suspend": "suspend",
    ":bury": "bury",
    ":edit": "edit",
    ":quit": "app.quit",
}


class Step(Enum):
    """Where the screen is in the ask-judge-rate loop."""

    LOADING = "loading"  # waiting for the next question
    EARLY = "early"  # the saved question is shown while the session opens: typing, no judging yet
    ASKING = "asking"  # question shown, answer being typed
    JUDGING = "judging"  # answer sent, verdict not back yet
    RATING = "rating"  # verdict shown: Enter accepts the suggestion, 1-4 override
    FAILED = "failed"  # error verdict: no truth; the question can be skipped
    SAVING = "saving"  # rating being committed


ALLOWED = {
    "accept": {Step.RATING, Step.FAILED},
    "rate": {Step.RATING},
    "undo": {Step.ASKING},
    "suspend": {Step.ASKING, Step.RATING, Step.FAILED},
    "bury": {Step.ASKING, Step.RATING, Step.FAILED},
    "skip": {Step.ASKING, Step.RATING, Step.FAILED},
    "edit": {Step.ASKING, Step.RATING, Step.FAILED},
    "finish": {Step.ASKING, Step.RATING, Step.FAILED},
    "toggle_answer": {Step.EARLY, Step.ASKING, Step.JUDGING},  # kept while judging: the footer stays as it is
}
TYPED_KEYS = {"accept", "rate", "undo", "suspend", "bury", "skip", "edit", "finish"}  # plain keys: off while typing


class ReviewScreen(QuizzerScreen):
    """One question at a time from today's queue of the chosen decks and tags."""

    BINDINGS = [
        Binding(
            "enter",
            "accept",
            "Accept",
            id="review.accept",
            tooltip="Record the suggested rating (or skip after an error)",
        ),
        Binding("1", "rate(1)", "Again", show=False, id="review.again", tooltip="Rate Again"),
        Binding("2", "rate(2)", "Hard", show=False, id="review.hard", tooltip="Rate Hard"),
        Binding("3", "rate(3)", "Good", show=False, id="review.good", tooltip="Rate Good"),
        Binding("4", "rate(4)", "Easy", show=False, id="review.easy", tooltip="Rate Easy"),
        Binding("u", "undo", "Undo", id="review.undo", tooltip="Undo the last recorded answer"),
        Binding("s", "suspend", "Suspend", id="review.suspend", tooltip="Keep this card out of every review"),
        Binding("b", "bury", "Bury", id="review.bury", tooltip="Keep this card out of today's review"),
        Binding("n", "skip", "Skip", id="review.skip", tooltip="Skip this card for now; it stays due"),
        Binding(
            "e",
            "edit",
            "Edit",
            id="review.edit",
            tooltip="Open the question in $EDITOR at its line, then reload the deck",
        ),
        Binding("f", "finish", "Finish", id="review.finish", tooltip="End the session and show the summary"),
        Binding("escape", "toggle_answer", "Keys", id="review.keys", tooltip="Leave (or go back to) the answer box"),
    ]

    step: reactive[Step] = reactive(Step.LOADING, init=False)

    def __init__(
        self,
        deck_ids: Collection[str] | None = None,
        tags: Collection[str] | None = None,
        *,
        early: ShownQuestion | None = None,
        next_file: NextQuestionFile | None = None,
    ) -> None:
        """Review ``deck_ids`` (None: all) and ``tags``; paint ``early`` first; keep each question shown in ``next_file``."""
        super().__init__()
        self.deck_ids = deck_ids
        self.tags = tags
        self.early = early  # the saved question, on screen until the session's first question arrives
        self.next_file = next_file
        self.session: StudySession | None = None
        self.presented: Presented | None = None
        self.answered: Answered | None = None
        self._truth_done = threading.Event()  # set once the truth of the question on screen is computed
        self._left = 0  # cards left today, as of the last question shown
        self._step_before_reload = Step.ASKING
        self._early_answer: str | None = None  # submitted while the saved question was on screen
        self._early_shown_at = 0.0

    def compose(self) -> ComposeResult:
        """Progress and timer, the question, the answer box, the verdict and the ratings."""
        yield Header()
        with Horizontal(id="progress-row"):
            yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="progress")
            yield Static(id="progress-text")
            yield QuestionTimer(self.quizzer.ticker, id="timer")
        yield Static(id="notice")
        with VerticalScroll(id="card"):
            yield Static(id="location")
            yield Markdown(id="question")
            yield Static(id="truth-status")
            yield Input(id="answer")
            yield Static(id="hint")
            yield VerdictView(id="verdict")
            yield RatingBar(id="ratings")
        yield QuizzerFooter()

    async def on_mount(self) -> None:
        """Paint the saved question, if any, and open the session off the UI thread."""
        self.query_one("#verdict").display = False
        self.query_one("#ratings").display = False
        self.query_one("#hint").display = False
        self.query_one("#answer", Input).disabled = True
        if self.early is not None:
            await self._paint(self.early, done=0)
            self._early_shown_at = time.monotonic()
            self._status("opening the session…")
            self._take_answer(Step.EARLY)
        self.open_session()

    # state

    def allows(self, action: str) -> bool:
        """Which actions the current step allows (see ``ALLOWED``)."""
        steps = ALLOWED.get(action)
        return steps is None or self.step in steps

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Allowed now, and not a plain key while the answer box takes the keys."""
        if not self.allows(action):
            return False
        return not (action in TYPED_KEYS and self.query_one("#answer", Input).has_focus)

    def watch_step(self) -> None:
        """Keep the footer in step."""
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        """Leaving or entering the answer box changes which keys apply."""
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        """See ``on_descendant_focus``."""
        self.refresh_bindings()

    # workers: each holds the database lock for its store work only

    @work(thread=True, exit_on_error=False, group="review", description="opening the session")
    def open_session(self) -> None:
        """Once the services are open: sync the decks, create the session and show the first question."""
        from quizzer.study.session import StudySession

        app = self.quizzer
        services = app.wait_services()
        if services is None:
            return  # they could not open: the app is exiting and says why
        with app.db_lock:
            session = StudySession(
                services.decks,
                services.service,
                services.judge,
                deck_ids=self.deck_ids,
                tags=self.tags,
                clock=app.clock,
            )
        self.post_message(SessionOpened(session))
        self._advance(session)

    def _advance(self, session: StudySession, notice: str = "") -> None:
        """(In a worker) fetch and post the next question, save it for the next start, then compute its truth."""
        with self.quizzer.db_lock:
            presented, left = session.upcoming()
            done = session.reviewed
        if presented is None:
            if self.next_file is not None:
                self.next_file.forget()
            self.post_message(SessionFinished())
            return
        truth_done = threading.Event()
        shown = presented.shown(left)
        self.post_message(QuestionShown(presented, shown, truth_done, done, notice))
        if self.next_file is not None:
            self.next_file.save(shown, session.service.day_end(self.quizzer.clock()))
        try:
            session.prepare(presented)
        finally:
            truth_done.set()
        self.post_message(TruthReady(presented))
        warm_highlighter()

    @work(thread=True, exit_on_error=False, group="review", description="judging the answer")
    def judge(self, session: StudySession, presented: Presented, text: str, truth_done: threading.Event) -> None:
        """Wait for the prefetched truth, then judge the answer (nothing is recorded yet)."""
        truth_done.wait()
        with self.quizzer.db_lock:
            answered = session.submit(presented, text)
        self.post_message(AnswerJudged(answered))

    @work(thread=True, exit_on_error=False, group="review", description="recording the answer")
    def record(self, session: StudySession, answered: Answered, rating: int | None) -> None:
        """Commit the rating, then move on."""
        with self.quizzer.db_lock:
            result = session.rate(answered, rating)
        self.post_message(AnswerRecorded(result))
        leech = " (leech: it keeps lapsing; consider rewriting or suspending it)" if result.became_leech else ""
        self._advance(
            session, f"recorded {RATING_NAMES[result.rating]}, next in {format_interval(result.interval)}{leech}"
        )

    @work(thread=True, exit_on_error=False, group="review", description="undoing the last answer")
    def undo(self, session: StudySession) -> None:
        """Undo the last recorded answer; its card is asked next."""
        try:
            with self.quizzer.db_lock:
                card = session.undo()
        except UndoConflictError as conflict:
            self.post_message(AnswerUndone(None))
            self.app.call_from_thread(self.notify, str(conflict), severity="warning")
            return
        self.post_message(AnswerUndone(card))
        if card is not None:
            self._advance(session, f"undone: {card.card_id}")

    @work(thread=True, exit_on_error=False, group="review", description="setting the card aside")
    def set_aside(self, session: StudySession, presented: Presented, how: str) -> None:
        """Skip, suspend or bury the card on screen, then move on."""
        with self.quizzer.db_lock:
            getattr(session, how)(presented)
        done = {"skip": "skipped (still due)", "suspend": "suspended", "bury": "buried until tomorrow"}[how]
        self._advance(session, f"{done}: {presented.card.card_id}")

    @work(thread=True, exit_on_error=False, group="review", description="reloading the decks")
    def reload_decks(self, session: StudySession) -> None:
        """Read the deck files again after an edit and sync them; the current card is asked again."""
        from quizzer.decks.loader import load_decks
        from quizzer.decks.problems import DeckInvalid

        app = self.quizzer
        try:
            decks = load_decks([deck.path for deck in session.decks if deck.path is not None])
        except DeckInvalid as invalid:
            self.post_message(DecksReloaded([], [str(problem) for problem in invalid.problems]))
            return
        with app.db_lock:
            session.service.sync(decks, app.clock())
            session.decks = decks
            services = app.wait_services()
            if services is not None:
                services.decks = decks
        self.post_message(DecksReloaded(decks, []))
        self._advance(session, "deck reloaded")

    # messages from the workers

    @on(SessionOpened)
    def session_opened(self, message: SessionOpened) -> None:
        """Keep the session for the actions."""
        self.session = message.session

    @on(QuestionShown)
    async def show_question(self, message: QuestionShown) -> None:
        """Put the question on screen and take the answer (or adopt the saved question already there)."""
        presented = self.presented = message.presented
        self.answered = None
        self._truth_done = message.truth_done
        shown, notice = message.shown, message.notice
        early, self.early = self.early, None
        early_answer, self._early_answer = self._early_answer, None
        if early is not None and early.same_question(shown):
            presented.shown_at = self._early_shown_at  # the learner has been reading it since then
            self._show_progress(message.done, shown.left)
            self._show_truth_status(presented)
            if early_answer is not None:
                self._judge(early_answer)
            else:
                self._take_answer(Step.ASKING)
            return
        if early is not None:
            notice = "Today's queue changed since the last session: this is the next question now."
            if early_answer is not None:
                notice += " Your answer to the other one was not used."
        await self._paint(shown, message.done)
        self.query_one("#notice", Static).update(notice)
        self._show_truth_status(presented)
        self._take_answer(Step.ASKING)

    async def _paint(self, shown: ShownQuestion, done: int) -> None:
        """Show one question (from the session or saved) with an empty answer box and the day's progress."""
        # the note's title often states the fact asked about: it is shown with the verdict, not here
        self.query_one("#location", Static).update(Text(f"{shown.deck_title} · {shown.kind}", style="dim"))
        text = shown.prompt.strip()
        if shown.choices:
            text += "\n\n" + "\n".join(f"{number}. {choice}" for number, choice in enumerate(shown.choices, start=1))
        await self.query_one("#question", Markdown).update(text)
        answer = self.query_one("#answer", Input)
        answer.value = ""
        answer.placeholder = shown.hint
        self.query_one("#hint").display = False
        self.query_one("#verdict").display = False
        self.query_one("#ratings").display = False
        self._show_progress(done, shown.left)
        self.query_one(QuestionTimer).restart()
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)

    def _show_progress(self, done: int, left: int) -> None:
        progress = self.query_one("#progress", ProgressBar)
        progress.update(total=max(1, done + left), progress=done)
        self._left = left
        self.query_one("#progress-text", Static).update(f"{done} done · {left} left today")

    def _take_answer(self, step: Step) -> None:
        """Enable the answer box and put the cursor in it."""
        self.step = step
        answer = self.query_one("#answer", Input)
        answer.disabled = False
        answer.focus()

    @on(TruthReady)
    def truth_ready(self, message: TruthReady) -> None:
        """The truth of the question on screen is known: say so, or warn that its snippet did not run."""
        if message.presented is self.presented and self.step in (Step.ASKING, Step.JUDGING):
            self._show_truth_status(message.presented)

    def _show_truth_status(self, presented: Presented) -> None:
        if presented.kind == Kind.RECALL:
            self._status("Recall: answer in your own words (or just Enter) to reveal, then rate yourself.")
        elif not presented.truth_ready:
            self._status(f"computing the truth on {self.quizzer.device}…")
        elif presented.truth is not None and not presented.truth.ran:
            self._status(
                f"⚠ The snippet did not run: {presented.truth.summary()}. Esc then n skips it (it stays due), e edits it.",
                error=True,
            )
        else:
            device = presented.truth.provenance.device if presented.truth else self.quizzer.device
            self._status(f"truth ready · {device}")

    def _status(self, text: str, *, error: bool = False) -> None:
        """The line under the question: where its truth stands (dim), or why it cannot be judged."""
        status = self.query_one("#truth-status", Static)
        status.set_class(error, "-error")
        status.update(Text(text) if error else Text(text, style="dim"))

    @on(Input.Submitted, "#answer")
    def submit(self, event: Input.Submitted) -> None:
        """Enter in the answer box: judge the answer (or run a :command, as in --plain).

        With the saved question on screen the answer waits for the session, which judges it once
        it confirms the question.
        """
        shown = self.early if self.step is Step.EARLY else self.presented
        if self.step not in (Step.ASKING, Step.EARLY) or shown is None:
            return
        text = event.value
        if text.strip() in PLAIN_COMMANDS:
            if self.step is Step.EARLY:
                self._hint(f"{text.strip()} works once the session is open (a moment).")
            else:
                self.call_later(self.run_command, PLAIN_COMMANDS[text.strip()])
            return
        if not text.strip() and shown.kind != Kind.RECALL:
            self._hint(f"Type your answer: {shown.hint}. Esc shows the keys (skip, suspend, bury, edit).")
            return
        if self.step is Step.EARLY:
            self._early_answer = text
            self._hold_answer()
            return
        self._judge(text)

    def _hold_answer(self) -> None:
        """The answer is sent: no more typing until the verdict (or the hint) comes back."""
        self.step = Step.JUDGING
        self.query_one("#answer", Input).disabled = True
        self.query_one("#hint").display = False

    def _judge(self, text: str) -> None:
        if self.session is None or self.presented is None:
            return
        self._hold_answer()
        self.judge(self.session, self.presented, text, self._truth_done)

    def _hint(self, text: str) -> None:
        hint = self.query_one("#hint", Static)
        hint.update(Text(text))
        hint.display = True

    @on(AnswerJudged)
    def show_verdict(self, message: AnswerJudged) -> None:
        """Unparsed: keep the question and show the hint. Otherwise show the verdict and the ratings."""
        answered = message.answered
        if answered.presented is not self.presented:
            return
        answer = self.query_one("#answer", Input)
        if answered.verdict.status is VerdictStatus.UNPARSED:
            self._hint(f"Not read as a {answered.presented.kind}: {answered.verdict.explanation}")
            answer.disabled = False
            self.step = Step.ASKING
            answer.focus()
            return
        self.answered = answered
        with self.app.batch_update():
            self.query_one(QuestionTimer).stop()
            verdict = self.query_one(VerdictView)
            verdict.show(answered)
            verdict.display = True
            ratings = self.query_one(RatingBar)
            if answered.recordable and answered.suggested is not None:
                ratings.show(answered.intervals, int(answered.suggested))
                ratings.display = True
                self.step = Step.RATING
            else:
                ratings.display = False
                self.step = Step.FAILED
            self.set_focus(None)
        self.call_after_refresh(verdict.scroll_visible, animate=False)

    @on(AnswerRecorded)
    def answer_recorded(self, message: AnswerRecorded) -> None:
        """Count it for the app's result."""
        self.quizzer.recorded += 1

    @on(AnswerUndone)
    def answer_undone(self, message: AnswerUndone) -> None:
        """Nothing to undo: say so and carry on with the question on screen."""
        if message.card is None:
            self.query_one("#notice", Static).update("nothing to undo")
            self._resume(Step.ASKING)
        else:
            self.quizzer.recorded = max(0, self.quizzer.recorded - 1)

    @on(DecksReloaded)
    def decks_reloaded(self, message: DecksReloaded) -> None:
        """Use the edited decks, or say why they could not be read (the old ones stay)."""
        if message.problems:
            problems = "\n".join(message.problems[:5])
            self.notify(
                problems, title="The deck has problems; not reloaded", severity="error", timeout=15, markup=False
            )
            self._resume(self._step_before_reload)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A step that failed (the app reports why) leaves the question on screen usable."""
        if event.state is WorkerState.ERROR and event.worker.group == "review":
            self._resume(Step.ASKING if self.answered is None else Step.RATING)

    def _resume(self, step: Step) -> None:
        """Go back to ``step`` on the question on screen."""
        self.step = step
        answer = self.query_one("#answer", Input)
        answer.disabled = step is not Step.ASKING
        if step is Step.ASKING:
            answer.focus()

    @on(SessionFinished)
    def finished(self) -> None:
        """Nothing left today: show the summary."""
        self._left = 0
        self.action_finish()

    # actions

    def action_accept(self) -> None:
        """Record the suggested rating; after an error verdict, skip."""
        if self.step is Step.FAILED:
            self.action_skip()
        elif self.step is Step.RATING:
            self._rate(None)

    def action_rate(self, rating: int) -> None:
        """Record ``rating`` instead of the suggestion."""
        if self.step is Step.RATING:
            self._rate(rating)

    def _rate(self, rating: int | None) -> None:
        if self.session is None or self.answered is None:
            return
        self.step = Step.SAVING
        self.record(self.session, self.answered, rating)

    def action_undo(self) -> None:
        """Undo the last recorded answer."""
        if self.session is not None and self.allows("undo"):
            self.step = Step.LOADING
            self.undo(self.session)

    def action_skip(self) -> None:
        """Leave this card for the rest of the session."""
        self._set_aside("skip")

    def action_suspend(self) -> None:
        """Suspend this card."""
        self._set_aside("suspend")

    def action_bury(self) -> None:
        """Bury this card until tomorrow."""
        self._set_aside("bury")

    def _set_aside(self, how: str) -> None:
        if self.session is not None and self.presented is not None and self.allows(how):
            self.step = Step.LOADING
            self.query_one("#answer", Input).disabled = True
            self.set_aside(self.session, self.presented, how)

    def action_edit(self) -> None:
        """Edit the question in $EDITOR at its line, then reload the deck."""
        if self.presented is None or self.session is None or not self.allows("edit"):
            return
        ref = self.presented.ref
        if ref.deck.path is None:
            self.notify("This deck was not loaded from a file.", severity="warning")
            return
        try:
            with self.app.suspend():
                status = open_in_editor(ref.deck.path, ref.question.line)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to an editor.", severity="warning")
            return
        if status == 127:
            self.notify("Could not start the editor: set $EDITOR.", severity="error")
            return
        self._step_before_reload = self.step
        self.step = Step.LOADING
        self.reload_decks(self.session)

    def action_finish(self) -> None:
        """End the session (an answer not rated yet is not recorded) and show the summary."""
        session = self.session
        elapsed = self.query_one(QuestionTimer).session_seconds
        summary = SessionSummary(
            session.reviewed if session else 0, session.correct if session else 0, elapsed, self._left
        )
        self.app.switch_screen(SummaryScreen(summary))

    def action_toggle_answer(self) -> None:
        """Esc: leave the answer box so single keys work, or go back to it."""
        answer = self.query_one("#answer", Input)
        if answer.has_focus:
            self.set_focus(None)
        elif self.step in (Step.ASKING, Step.EARLY):
            answer.focus()
