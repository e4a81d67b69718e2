"""StudySession: the study loop and its policies, the one driver every client uses (the TUI, `review --plain`).

A client renders steps and reads input; the session decides everything else:

* **The loop.** ``open`` syncs the decks and returns the first ``Step``; ``prepare``
  computes the truth of the question asked (call it while the learner reads); ``submit``
  judges a typed answer; ``rate`` records it and returns the next step. Every action
  returns the next step with the events that led to it (``quizzer.study.steps``).
* **What follows a verdict.** ``unparsed``: the question stays, nothing is recorded.
  ``error`` (no truth: a timeout, a crash): the question is skipped for this session and
  nothing is recorded; the client shows why, then asks ``next``.
* **An answered card set aside.** Skipping, burying, suspending or editing a card whose
  answer was judged but not rated records that answer first (with the suggested rating),
  then sets the card aside: an answer is never dropped silently.
* **Undo** takes back the last recorded answer; when another process changed the card
  since, it is refused with the reason (``UndoRefused``), never an exception.
* **Learn-ahead.** When nothing is due now but a learning card is due within the window
  (20 minutes), the step is ``Wait``: the client counts down, then calls ``next``, or
  ``next(learn_ahead=True)`` to study it at once, as Anki does.
* **Requirements.** A due question whose ``requires`` the session's device or torch cannot
  meet (``device: cuda`` on a CPU) is left out of this session with one ``LeftOut`` event.

Threads. The store is used under the services' lock, and only around store calls: the
engine judges without it, so a client that stops the session (``stop``) waits at most for
one store call, never for a long code answer. ``prepare`` may run on one thread while
``submit`` waits for it on another. Everything handed out is immutable.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from quizzer.clock import Clock, utc_now
from quizzer.decks.conditions import unmet
from quizzer.grading import EASY_STREAK, Evidence, Kind, Rating, VerdictStatus, is_fast, suggest_rating
from quizzer.outcome import Outcome, Provenance
from quizzer.review.errors import UndoConflictError
from quizzer.review.service import ReviewService
from quizzer.review.views import CardView
from quizzer.scheduling.phase import Phase
from quizzer.study.judge import QuestionIndex, QuestionRef, instance_for
from quizzer.study.opener import Services, untrusted_decks
from quizzer.study.presented import Answered, Presented
from quizzer.study.seeds import review_seed
from quizzer.study.steps import (
    Aside,
    Ask,
    Done,
    Event,
    LeftOut,
    Progress,
    Recorded,
    Reloaded,
    SetAside,
    Step,
    Summary,
    Undone,
    UndoRefused,
    Wait,
)
from quizzer.typed_text import clean_typed


class SessionStopped(RuntimeError):
    """The session was stopped (the learner quit): it makes no more store calls."""


@dataclass
class _Truth:
    """The truth of one presented question: computed once, by whichever of ``prepare`` and ``submit`` claims it."""

    claimed: bool = False
    ready: threading.Event = field(default_factory=threading.Event)
    outcome: Outcome | None = None


class StudySession:
    """Today's review over the open services' decks, in one scope (deck ids and tags), one card at a time."""

    def __init__(
        self,
        services: Services,
        *,
        deck_ids: Collection[str] | None = None,
        tags: Collection[str] | None = None,
        clock: Clock = utc_now,
        ticker: Callable[[], float] = time.monotonic,
    ) -> None:
        """``clock`` dates answers and the queue; ``ticker`` times answers (both injectable for tests).

        Without ``deck_ids`` the scope is every deck the services opened (not every deck the store holds).
        """
        self.services = services
        # never wider than the decks this session opened: cards of other decks in the store wait for their own session
        self.deck_ids = deck_ids if deck_ids is not None else sorted({deck.deck for deck in services.decks})
        self.tags = tags
        self.clock = clock
        self.ticker = ticker
        self.started = ticker()
        self._results: list[bool] = []  # per recorded answer, oldest first: right or not
        self._skipped: set[str] = set()
        self._left_out: set[str] = set()
        self._events: list[Event] = []  # what happened since the last step was handed out
        self._presented = 0
        self._truths: dict[int, _Truth] = {}  # by Presented.number
        self._environment: Provenance | None = None
        self._stopped = False
        self._index: QuestionIndex | None = None

    # the loop

    def open(self) -> Step:
        """Sync the decks into the store, then the first step."""
        with self._store() as service:
            service.sync(self.services.decks, self.clock())
        return self.next()

    def next(self, *, learn_ahead: bool = False) -> Step:
        """The next step; with ``learn_ahead``, a learning card due within the window is asked now.

        Only the head of today's queue is read: as many cards as this session set aside, plus
        one, and four times more each time those are all passed over.
        """
        wanted = len(self._skipped) + len(self._left_out) + 1
        while True:
            cards, left = self._queue(learn_ahead, wanted)
            for card in cards:
                if card.card_id in self._skipped or card.card_id in self._left_out:
                    continue
                ref = self._questions().find(card.card_id)
                if ref is None or self._leave_out(card, ref):
                    continue
                return self._ask(card, ref, left)
            if learn_ahead or len(cards) < wanted:
                return self._wait_or_done()
            wanted *= 4

    def prepare(self, presented: Presented) -> Outcome | None:
        """Compute the truth of ``presented`` (None for recall); runs the engine, never holds the store."""
        truth, mine = self._claim_truth(presented)
        if mine:
            try:
                truth.outcome = self.services.judge.truth(presented.ref, presented.seed)
            finally:
                truth.ready.set()
        truth.ready.wait()
        return truth.outcome

    def submit(self, presented: Presented, answer: str) -> Answered:
        """Judge a typed answer (after the truth being prepared, if any); nothing is recorded until ``rate``.

        An ``error`` verdict skips the card for this session.
        """
        elapsed = self.ticker() - presented.presented_at
        answer = clean_typed(answer)  # bytes that are not UTF-8 would fail to print and to store
        if presented.kind == Kind.CODE:  # the learner's code runs next to the reference: no truth to reuse
            judgement = self.services.judge.judge(presented.ref, answer, presented.seed)
        else:
            truth, mine = self._claim_truth(presented)
            if not mine:
                truth.ready.wait()  # being computed since the question was shown
            try:
                judgement = self.services.judge.judge(
                    presented.ref, answer, presented.seed, known_truth=None if mine else truth.outcome
                )
                if mine:
                    truth.outcome = judgement.truth
            finally:
                truth.ready.set()
        evidence = None
        if judgement.verdict.status is VerdictStatus.CORRECT:
            with self._store() as service:
                evidence = rating_evidence(service, presented.card_id)
        suggested = suggest_rating(judgement.verdict, elapsed, evidence=evidence)
        intervals = {}
        if suggested is not None:
            with self._store() as service:
                now = self.clock()
                intervals = {rating: due - now for rating, due in service.preview(presented.card_id, now).items()}
        elif judgement.verdict.status is VerdictStatus.ERROR:
            with self._store():
                self._skipped.add(presented.card_id)
        return Answered(presented, judgement, elapsed, suggested, intervals)

    def rate(self, answered: Answered, rating: int | None = None) -> Step:
        """Record the answer with ``rating`` (default: the suggestion), committed before this returns; then the next step."""
        self._record(answered, rating)
        return self.next()

    # setting a card aside, undo, edits

    def set_aside(self, how: Aside, presented: Presented, answered: Answered | None = None) -> Step:
        """Skip, suspend or bury the card on screen (recording ``answered`` first, if not rated yet)."""
        self._record_pending(answered)
        with self._store() as service:
            if how is Aside.SUSPEND:
                service.suspend(presented.card_id)
            elif how is Aside.BURY:
                service.bury(presented.card_id, self.clock())
            else:
                self._skipped.add(presented.card_id)
            self._events.append(SetAside(presented.card_id, how))
        return self.next()

    def undo(self) -> Step:
        """Take back the last recorded answer; its card is asked next. Refused, with why, when its card changed since."""
        with self._store() as service:
            try:
                card = service.undo()
            except UndoConflictError as conflict:
                self._events.append(UndoRefused(str(conflict) or "the card changed since it was answered"))
                card = None
            else:
                self._events.append(Undone(card.card_id if card else None))
            if card is not None:
                if self._results:
                    self._results.pop()
                self._skipped.discard(card.card_id)
        return self.next()

    def reload(self, answered: Answered | None = None) -> Step:
        """After the learner edited a deck: record ``answered`` if not rated yet, read the decks again, sync them.

        Deck problems keep the decks as they were (the ``Reloaded`` event lists them). The
        question on screen is asked again, as edited, when it is still due.
        """
        from quizzer.decks.loader import load_decks
        from quizzer.decks.problems import DeckInvalid

        self._record_pending(answered)
        try:
            decks = load_decks([deck.path for deck in self.services.decks if deck.path is not None])
            refused = untrusted_decks(decks) if self.services.require_trust else []
        except DeckInvalid as invalid:
            refused = [str(problem) for problem in invalid.problems]
        if refused:
            with self._store():
                self._events.append(Reloaded(tuple(refused)))
            return self.next()
        with self._store() as service:
            service.sync(decks, self.clock())
            self.services.decks = decks
            self._skipped.clear()  # a question skipped for its error may run now
            self._events.append(Reloaded())
        return self.next()

    def finish(self, answered: Answered | None = None) -> Summary:
        """End here: record ``answered`` if it was judged but not rated, then what the session did."""
        self._record_pending(answered)
        return self.summary()

    def stop(self) -> None:
        """End the session: waits for a store call in progress (an answer being recorded), then allows no more."""
        with self.services.lock:
            self._stopped = True

    # figures

    @property
    def reviewed(self) -> int:
        """Answers recorded in this session."""
        return len(self._results)

    @property
    def correct(self) -> int:
        """Recorded answers that were right."""
        return sum(self._results)

    def summary(self) -> Summary:
        """What this session did, and what is left today in its scope."""
        with self._store():
            left = self._left()
        return Summary(self.reviewed, self.correct, self.ticker() - self.started, left)

    def day_end(self) -> datetime:
        """When today's study day ends: the queue is built anew after it."""
        return self.services.service.day_end(self.clock())

    # inside

    @contextmanager
    def _store(self) -> Iterator[ReviewService]:
        """The review store, under the services' lock; refused once the session is stopped."""
        with self.services.lock:
            if self._stopped:
                raise SessionStopped("the study session has ended")
            yield self.services.service

    def _queue(self, learn_ahead: bool, limit: int) -> tuple[list[CardView], int | None]:
        """The head of today's queue, and what is left today in the scope (None: not counted yet)."""
        with self._store() as service:
            now = self.clock()
            if learn_ahead:
                return service.learning_ahead(now, self.deck_ids, self.tags), None
            cards, counts = service.head(now, limit, self.deck_ids, self.tags)
            return cards, counts.total

    def _questions(self) -> QuestionIndex:
        """The open decks' questions by id, built again when the decks are reloaded."""
        if self._index is None or self._index.decks is not self.services.decks:
            self._index = QuestionIndex(self.services.decks)
        return self._index

    def _left(self) -> int:
        """Cards still to study today in this scope: the count home, header and summary all show."""
        return self.services.service.scope_counts(self.clock(), self.deck_ids, self.tags).total

    def _ask(self, card: CardView, ref: QuestionRef, left: int | None) -> Ask:
        seed = review_seed(card.card_id, card.reps)
        with self._store():
            self._presented += 1
            presented = Presented(card, ref, seed, instance_for(ref, seed), self._presented, self.ticker())
            self._truths = {}  # only the question on screen is prepared
            left = self._left() if left is None else left
            return Ask(presented, Progress(self.reviewed, left), self._take_events())

    def _wait_or_done(self) -> Step:
        with self._store() as service:
            now = self.clock()
            ahead = [
                card
                for card in service.learning_ahead(now, self.deck_ids, self.tags)
                if card.card_id not in self._skipped and card.card_id not in self._left_out
            ]
            left = self._left()
            events = self._take_events()
        if ahead:
            return Wait(ahead[0], ahead[0].due, Progress(self.reviewed, left), events)
        return Done(Summary(self.reviewed, self.correct, self.ticker() - self.started, left), events)

    def _claim_truth(self, presented: Presented) -> tuple[_Truth, bool]:
        """The truth slot of ``presented``, and whether the caller is the one to compute it."""
        with self.services.lock:
            truth = self._truths.setdefault(presented.number, _Truth())
            mine, truth.claimed = not truth.claimed, True
            return truth, mine

    def _leave_out(self, card: CardView, ref: QuestionRef) -> bool:
        """True (and a ``LeftOut`` event) when the question's ``requires`` cannot be met here."""
        requires = ref.deck.requirements(ref.note, ref.question)
        if not (requires.device or requires.torch):
            return False
        if self._environment is None:
            self._environment = self.services.judge.pool.wait_ready()  # the device and torch of the workers
        reason = unmet(requires, self._environment.device, self._environment.torch)
        if reason is None:
            return False
        with self._store():
            self._left_out.add(card.card_id)
            self._events.append(LeftOut(card.card_id, reason))
        return True

    def _record(self, answered: Answered, rating: int | None) -> None:
        chosen = int(rating or answered.suggested or Rating.GOOD)
        presented, judgement = answered.presented, answered.judgement
        truth = judgement.truth
        with self._store() as service:
            result = service.answer(
                presented.card_id,
                chosen,
                self.clock(),
                typed_answer=judgement.answer,
                verdict=judgement.verdict.status.value,
                truth=truth.to_dict() if truth else None,
                params=dict(presented.params),
                seed=presented.seed,
                device=truth.provenance.device if truth else None,
                torch_version=truth.provenance.torch if truth else None,
                duration_ms=int(answered.elapsed_s * 1000),
            )
            self._results.append(
                judgement.verdict.status is VerdictStatus.CORRECT
                or (judgement.verdict.status is VerdictStatus.SELF_GRADED and chosen > Rating.AGAIN)
            )
            self._events.append(Recorded(result))

    def _record_pending(self, answered: Answered | None) -> None:
        """Record a judged answer that was not rated yet, with its suggested rating."""
        if answered is not None and answered.recordable:
            self._record(answered, None)

    def _take_events(self) -> tuple[Event, ...]:
        events, self._events = tuple(self._events), []
        return events


def rating_evidence(service: ReviewService, card_id: str) -> Evidence:
    """What the card's history says for a rating suggestion: its phase and its streak of fast right answers."""
    streak = 0
    for past in service.recent_answers(card_id, EASY_STREAK):
        if past.verdict != VerdictStatus.CORRECT.value or not is_fast(past.duration_ms / 1000):
            break
        streak += 1
    return Evidence(service.card(card_id).phase is Phase.REVIEW, streak)
