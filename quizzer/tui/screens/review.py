"""The review screen: renders the study session's steps and turns keys into its actions.

The study session (``quizzer.study.session.StudySession``) owns the loop and its
policies; this screen only shows a question, a verdict with its ratings, a countdown to a
learning card, and reads the answer box and keys. Each action runs the session on one
thread worker and posts what comes back (``quizzer.tui.messages``); after a question
is shown, the same worker computes its truth while the learner reads.

Given the saved copy of the next question (``quizzer.study.shown``) or, on a first start,
the first question guessed from the deck cache (``quizzer.study.first_question``), the
screen paints it before the services are open and the learner may start typing; when the
session's real first question arrives it is adopted if it is the same card (the typed text
stays, an answer already submitted is judged then), else it is replaced, with a notice.
Each question shown is saved for the next start.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.reactive import reactive
from textual.widgets import Header, Input, Static
from textual.worker import Worker, WorkerState

from quizzer.tui.messages import AnswerJudged, SessionFinished, SessionOpened, Stepped, TruthReady
from quizzer.tui.screens.base import QuizzerScreen
from quizzer.tui.screens.review_keys import ALLOWED, PLAIN_COMMANDS, REVIEW_BINDINGS, TYPED_KEYS, Stage
from quizzer.tui.screens.summary import SummaryScreen
from quizzer.tui.widgets.card import QuestionCard
from quizzer.tui.widgets.footer import QuizzerFooter
from quizzer.tui.widgets.progress import DayProgress
from quizzer.tui.widgets.ratings import RatingBar
from quizzer.tui.widgets.verdict import warm_highlighter

if TYPE_CHECKING:
    from quizzer.outcome import Outcome
    from quizzer.study.presented import Answered, Presented
    from quizzer.study.session import StudySession
    from quizzer.study.shown import NextQuestionFile, ShownQuestion
    from quizzer.study.steps import Aside, Ask, Step, Wait


class ReviewScreen(QuizzerScreen):
    """One question at a time from today's queue of the chosen decks and tags."""

    BINDINGS = REVIEW_BINDINGS

    stage: reactive[Stage] = reactive(Stage.LOADING, init=False)

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
        self.waiting: Wait | None = None
        self._early_answer: str | None = None  # submitted while the saved question was on screen
        self._early_painted_at = 0.0

    def compose(self) -> ComposeResult:
        """Progress and timers, what the last step did, the card; the ratings stay above the footer."""
        yield Header()
        yield DayProgress(self.quizzer.ticker, id="progress-row")
        yield Static(id="notice")
        yield QuestionCard(id="card")
        yield RatingBar(id="ratings")
        yield QuizzerFooter(compact=True, show_command_palette=False)  # fits 80 columns; ctrl+p still opens it

    @property
    def card(self) -> QuestionCard:
        """The card: prompt, answer box, verdict."""
        return self.query_one(QuestionCard)

    @property
    def progress(self) -> DayProgress:
        """The top row."""
        return self.query_one(DayProgress)

    def on_mount(self) -> None:
        """Paint the saved (or guessed) question, if any, and open the session off the UI thread."""
        self.query_one(RatingBar).display = False
        self.set_interval(1.0, self.count_down)
        if self.early is not None:
            self._paint(self.early, done=0)
            self._early_painted_at = self.quizzer.ticker()
            self.card.status("opening the session…")
            self._take_answer(Stage.EARLY)
        self.open_session()

    # state

    def allows(self, action: str) -> bool:
        """Which actions the current stage allows (see ``ALLOWED``)."""
        stages = ALLOWED.get(action)
        return stages is None or self.stage in stages

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Allowed now, and not a plain key while the answer box takes the keys."""
        if not self.allows(action):
            return False
        return not (action in TYPED_KEYS and self.card.answer.has_focus)

    def watch_stage(self) -> None:
        """Keep the footer in step."""
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        """Leaving or entering the answer box changes which keys apply."""
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        """See ``on_descendant_focus``."""
        self.refresh_bindings()

    # workers: each runs one action of the session and posts what it returns

    @work(thread=True, exit_on_error=False, group="review", description="opening the session")
    def open_session(self) -> None:
        """Once the services are open: open the study session (the decks are synced) and take its first step."""
        from quizzer.study.session import StudySession

        app = self.quizzer
        services = app.wait_services()
        if services is None:
            return  # they could not open: the app is exiting and says why
        session = StudySession(services, deck_ids=self.deck_ids, tags=self.tags, clock=app.clock, ticker=app.ticker)
        self.post_message(SessionOpened(session))
        self._post_step(session, session.open())

    @work(thread=True, exit_on_error=False, group="review", description="saving and moving on")
    def act(self, session: StudySession, action: Callable[[], Step]) -> None:
        """Run one action of the session (rate, set aside, undo, reload, next) and show the step it returns."""
        self._post_step(session, action())

    def _post_step(self, session: StudySession, step: Step) -> None:
        """(In a worker) post ``step``; for a question, save it for the next start, then compute its truth."""
        from quizzer.study.steps import Ask

        self.post_message(Stepped(step))
        if self.next_file is not None and not isinstance(step, Ask):
            self.next_file.forget()  # the next start opens the session first
        if not isinstance(step, Ask):
            return
        if self.next_file is not None:
            self.next_file.save(step.shown, session.day_end())
        presented = step.presented
        self.post_message(TruthReady(presented, session.prepare(presented)))
        warm_highlighter()

    @work(thread=True, exit_on_error=False, group="review", description="judging the answer")
    def judge(self, session: StudySession, presented: Presented, text: str) -> None:
        """Judge the answer once its truth is computed (nothing is recorded yet)."""
        self.post_message(AnswerJudged(session.submit(presented, text)))

    @work(thread=True, exit_on_error=False, group="review", description="ending the session")
    def finish(self, session: StudySession, answered: Answered | None) -> None:
        """Record an answer judged but not rated, then sum the session up."""
        self.post_message(SessionFinished(session.finish(answered)))

    # messages from the workers

    @on(SessionOpened)
    def session_opened(self, message: SessionOpened) -> None:
        """Keep the session for the actions (and the app, for its result)."""
        self.session = message.session
        self.quizzer.sessions.append(message.session)

    @on(Stepped)
    def show_step(self, message: Stepped) -> None:
        """Show what the session says comes next, with what the last action did."""
        from quizzer.study.steps import Ask, Done

        step = message.step
        self.answered, self.waiting = None, None
        notice = "; ".join(event.text for event in step.events)
        if isinstance(step, Done):
            self.app.switch_screen(SummaryScreen(step.summary))
        elif isinstance(step, Ask):
            self._ask(step, notice)
        else:
            self._wait(step, notice)

    def _ask(self, step: Ask, notice: str) -> None:
        """Put the question on screen and take the answer (or adopt the saved question already there)."""
        from dataclasses import replace

        presented = self.presented = step.presented
        shown = step.shown
        early, self.early = self.early, None
        early_answer, self._early_answer = self._early_answer, None
        if early is not None and early.same_question(shown):
            presented = self.presented = replace(presented, presented_at=self._early_painted_at)  # read since then
            self.card.answer.placeholder = shown.hint
            self.progress.show(step.progress.done, step.progress.left)
            self._show_truth(presented, None)
            if early_answer is not None:
                self._judge(early_answer)
            else:
                self._take_answer(Stage.ASKING)
            return
        if early is not None:
            notice = (
                "The next question changed since the last session (a deck or today's queue changed): it is this one."
            )
            if early_answer is not None:
                notice += " Your answer to the other one was not used."
        self._paint(shown, step.progress.done)
        self.progress.show(step.progress.done, step.progress.left)
        self.query_one("#notice", Static).update(Text(notice))
        self._show_truth(presented, None)
        self._take_answer(Stage.ASKING)

    def _wait(self, step: Wait, notice: str) -> None:
        """Nothing is due now: count down to the learning card, which Enter studies at once."""
        self.waiting = step
        self.presented = None
        self.query_one("#notice", Static).update(Text(notice))
        self.query_one(RatingBar).display = False
        self.progress.show(step.progress.done, step.progress.left)
        self.progress.timer.stop()
        self.stage = Stage.WAITING
        self.set_focus(None)
        self.count_down()

    def count_down(self) -> None:
        """Once a second while waiting: show the time left, and ask the card once it is due."""
        if self.stage is not Stage.WAITING or self.waiting is None or self.session is None:
            return
        seconds = self.waiting.seconds_left(self.quizzer.clock())
        if seconds <= 0:
            self._run(self.session.next)
        else:
            self.card.show_waiting(self.waiting.card.card_id, seconds)

    def _paint(self, shown: ShownQuestion, done: int) -> None:
        """Show one question (from the session, saved or guessed) with an empty answer box."""
        self.card.paint(shown)
        self.query_one(RatingBar).display = False
        self.progress.show(done, shown.left)
        self.progress.timer.restart()

    def _take_answer(self, stage: Stage) -> None:
        """Enable the answer box and put the cursor in it."""
        self.stage = stage
        self.card.answer.disabled = False
        self.card.answer.focus()

    @on(TruthReady)
    def truth_ready(self, message: TruthReady) -> None:
        """The truth of the question on screen is known: say so, or warn that its snippet did not run."""
        presented = self.presented
        on_screen = presented is not None and message.presented.number == presented.number
        if on_screen and presented is not None and self.stage in (Stage.ASKING, Stage.JUDGING):
            self._show_truth(presented, message.truth, ready=True)

    def _show_truth(self, presented: Presented, truth: Outcome | None, *, ready: bool = False) -> None:
        self.card.show_truth(presented.kind, truth, ready=ready, device=self.quizzer.device)

    @on(Input.Submitted, "#answer")
    def submit(self, event: Input.Submitted) -> None:
        """Enter in the answer box: judge the answer (or run a :command, as in --plain).

        With the saved question on screen the answer waits for the session, which judges it once
        it confirms the question.
        """
        shown = self.early if self.stage is Stage.EARLY else self.presented
        if self.stage not in (Stage.ASKING, Stage.EARLY) or shown is None:
            return
        text = event.value
        if text.strip() in PLAIN_COMMANDS:
            if self.stage is Stage.EARLY:
                self.card.hint(f"{text.strip()} works once the session is open (a moment).")
            else:
                self.call_later(self.run_command, PLAIN_COMMANDS[text.strip()])
            return
        if not text.strip() and shown.kind != "recall":
            self.card.hint(
                f"Type your answer: {shown.hint or 'in the form the question asks'}. Esc shows the keys (skip, suspend, bury, edit)."
            )
            return
        if self.stage is Stage.EARLY:
            self._early_answer = text
            self._hold_answer()
            return
        self._judge(text)

    def _hold_answer(self) -> None:
        """The answer is sent: no more typing until the verdict (or the hint) comes back."""
        self.stage = Stage.JUDGING
        self.card.answer.disabled = True
        self.card.hint(None)

    def _judge(self, text: str) -> None:
        if self.session is None or self.presented is None:
            return
        self._hold_answer()
        self.judge(self.session, self.presented, text)

    @on(AnswerJudged)
    def show_verdict(self, message: AnswerJudged) -> None:
        """Unparsed: keep the question and show the hint. Otherwise show the verdict and the ratings."""
        answered = message.answered
        if self.presented is None or answered.presented.number != self.presented.number:
            return
        if answered.verdict.status.value == "unparsed":
            self.card.hint(f"Not read as a {answered.presented.kind}: {answered.verdict.explanation}")
            self._take_answer(Stage.ASKING)
            return
        self.answered = answered
        with self.app.batch_update():
            self.progress.timer.stop()
            self.card.show_verdict(answered)
            ratings = self.query_one(RatingBar)
            if answered.recordable and answered.suggested is not None:
                ratings.show(answered.intervals, int(answered.suggested))
                ratings.display = True
                self.stage = Stage.RATING
            else:
                ratings.display = False
                self.stage = Stage.FAILED
            self.set_focus(None)

    @on(SessionFinished)
    def session_finished(self, message: SessionFinished) -> None:
        """Show the summary."""
        self.app.switch_screen(SummaryScreen(message.summary))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A step that failed (the app reports why) leaves the question on screen usable."""
        if event.state is WorkerState.ERROR and event.worker.group == "review":
            self._resume(Stage.ASKING if self.answered is None else Stage.RATING)

    def _resume(self, stage: Stage) -> None:
        """Go back to ``stage`` on the question on screen."""
        self.stage = stage
        self.card.answer.disabled = stage is not Stage.ASKING
        if stage is Stage.ASKING:
            self.card.answer.focus()

    # actions

    def _run(self, action: Callable[[], Step]) -> None:
        """Hand ``action`` of the session to a worker; the screen waits for the step it returns."""
        self.stage = Stage.SAVING
        self.card.answer.disabled = True
        if self.session is not None:
            self.act(self.session, action)

    def action_accept(self) -> None:
        """Record the suggested rating; after an error verdict, move on; while waiting, study the card now."""
        session = self.session
        if session is None:
            return
        if self.stage is Stage.FAILED:
            self._run(session.next)
        elif self.stage is Stage.WAITING:
            self._run(lambda: session.next(learn_ahead=True))
        elif self.stage is Stage.RATING:
            self._rate(None)

    def action_rate(self, rating: int) -> None:
        """Record ``rating`` instead of the suggestion."""
        if self.stage is Stage.RATING:
            self._rate(rating)

    def _rate(self, rating: int | None) -> None:
        session, answered = self.session, self.answered
        if session is not None and answered is not None:
            self._run(lambda: session.rate(answered, rating))

    def action_undo(self) -> None:
        """Undo the last recorded answer."""
        if self.session is not None and self.allows("undo"):
            self._run(self.session.undo)

    def action_skip(self) -> None:
        """Leave this card for the rest of the session (an answer judged but not rated is recorded first)."""
        self._set_aside("SKIP")

    def action_suspend(self) -> None:
        """Suspend this card (an answer judged but not rated is recorded first)."""
        self._set_aside("SUSPEND")

    def action_bury(self) -> None:
        """Bury this card until tomorrow (an answer judged but not rated is recorded first)."""
        self._set_aside("BURY")

    def _set_aside(self, name: str) -> None:
        from quizzer.study.steps import Aside

        session, presented, answered = self.session, self.presented, self.answered
        if session is None or presented is None or not self.allows(name.lower()):
            return
        how: Aside = Aside[name]
        self._run(lambda: session.set_aside(how, presented, answered))

    def action_edit(self) -> None:
        """Edit the question in $EDITOR at its line, then reload the deck (an unrated answer is recorded first)."""
        from quizzer.study.editor import open_in_editor

        session, presented, answered = self.session, self.presented, self.answered
        if presented is None or session is None or not self.allows("edit"):
            return
        ref = presented.ref
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
        self._run(lambda: session.reload(answered))

    def action_finish(self) -> None:
        """End the session (an answer judged but not rated is recorded first) and show the summary."""
        if self.session is None:
            return
        self.stage = Stage.SAVING
        self.finish(self.session, self.answered)

    def action_toggle_answer(self) -> None:
        """Esc: leave the answer box so single keys work, or go back to it."""
        if self.card.answer.has_focus:
            self.set_focus(None)
        elif self.stage in (Stage.ASKING, Stage.EARLY):
            self.card.answer.focus()
