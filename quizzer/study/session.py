"""A study session: the loop every client drives (the TUI, `review --plain`, tests).

It ties the loaded decks, the review store (ReviewService) and the judge (worker pool)
together: present the next card on a seeded params instance, judge a typed answer, show
the interval each rating would give, then record the chosen rating. No Textual, no torch.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from quizzer.clock import Clock, utc_now
from quizzer.decks.model import Deck
from quizzer.decks.params import Instance
from quizzer.grading import Kind, Rating, Verdict, VerdictStatus, hint, suggest_rating
from quizzer.outcome import Outcome
from quizzer.review.service import ReviewService
from quizzer.review.views import CardView, ReviewResult
from quizzer.study.judge import Judge, Judgement, QuestionRef, find_question, instance_for
from quizzer.study.shown import ShownQuestion


def review_seed(card_id: str, reps: int) -> int:
    """The params seed of a card's next review: fixed by card and review count, so a resume asks the same."""
    return zlib.crc32(f"{card_id}:{reps}".encode())


@dataclass
class Presented:
    """A question on screen: its card, the instance asked, and (once computed) its truth."""

    card: CardView
    ref: QuestionRef
    seed: int
    params: Instance
    shown_at: float = field(default_factory=time.monotonic)
    truth: Outcome | None = None
    truth_ready: bool = False

    @property
    def prompt(self) -> str:
        """The question text for this instance."""
        return self.ref.prompt(self.params)

    @property
    def kind(self) -> str:
        """How the answer is typed."""
        return str(self.ref.question.kind)

    @property
    def hint(self) -> str:
        """The accepted forms, for a placeholder or an `unparsed` reply."""
        return hint(self.kind)

    @property
    def choices(self) -> list[str]:
        """The numbered options of a choice question."""
        return list(self.ref.question.choices or [])

    def shown(self, left: int) -> ShownQuestion:
        """What a screen shows of this question, as kept for the next start (``left``: cards left today)."""
        return ShownQuestion(
            self.card.card_id, self.ref.deck.title, self.kind, self.prompt, tuple(self.choices), self.hint, left
        )


@dataclass(frozen=True)
class Answered:
    """A judged answer waiting for its rating."""

    presented: Presented
    judgement: Judgement
    elapsed_s: float
    suggested: Rating | None
    intervals: dict[int, timedelta]

    @property
    def verdict(self) -> Verdict:
        """The grader's verdict."""
        return self.judgement.verdict

    @property
    def recordable(self) -> bool:
        """False for unparsed/error verdicts: the question stays and nothing is recorded."""
        return self.suggested is not None


class StudySession:
    """Today's review over some decks, one card at a time."""

    def __init__(
        self,
        decks: Sequence[Deck],
        service: ReviewService,
        judge: Judge,
        *,
        deck_ids: Collection[str] | None = None,
        tags: Collection[str] | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.decks = list(decks)
        self.service = service
        self.judge = judge
        self.deck_ids = deck_ids
        self.tags = tags
        self.clock = clock
        self._results: list[bool] = []  # per recorded answer: right or not
        self.started = time.monotonic()
        self._skipped: set[str] = set()
        service.sync(self.decks, clock())

    def next(self) -> Presented | None:
        """The next card to study, or None when today's review is done."""
        return self.upcoming()[0]

    def upcoming(self) -> tuple[Presented | None, int]:
        """The next card to study (None when today's review is done) and how many are left, from one queue."""
        presented, left = None, 0
        for card in self.service.due_queue(self.clock(), self.deck_ids, self.tags):
            if card.card_id in self._skipped:
                continue
            left += 1
            if presented is None and (ref := find_question(self.decks, card.card_id)) is not None:
                seed = review_seed(card.card_id, card.reps)
                presented = Presented(card, ref, seed, instance_for(ref, seed))
        return presented, left

    def prepare(self, presented: Presented) -> Presented:
        """Compute the truth of the shown question (call while the learner reads it)."""
        if not presented.truth_ready:
            presented.truth = self.judge.truth(presented.ref, presented.seed)
            presented.truth_ready = True
        return presented

    def submit(self, presented: Presented, answer: str) -> Answered:
        """Judge a typed answer; nothing is recorded until ``rate``."""
        elapsed = time.monotonic() - presented.shown_at
        known = presented.truth if presented.truth_ready else None
        judgement = self.judge.judge(presented.ref, answer, presented.seed, known_truth=known)
        if not presented.truth_ready and presented.kind != Kind.CODE:
            presented.truth, presented.truth_ready = judgement.truth, True
        now = self.clock()
        intervals = {rating: due - now for rating, due in self.service.preview(presented.card.card_id, now).items()}
        return Answered(presented, judgement, elapsed, suggest_rating(judgement.verdict, elapsed), intervals)

    def rate(self, answered: Answered, rating: int | None = None) -> ReviewResult:
        """Record the answer with ``rating`` (default: the suggestion); committed when this returns."""
        chosen = int(rating or answered.suggested or Rating.GOOD)
        presented, judgement = answered.presented, answered.judgement
        truth = judgement.truth
        result = self.service.answer(
            presented.card.card_id,
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
        return result

    @property
    def reviewed(self) -> int:
        """Answers recorded in this session."""
        return len(self._results)

    @property
    def correct(self) -> int:
        """Recorded answers that were right."""
        return sum(self._results)

    def skip(self, presented: Presented) -> None:
        """Leave this card for the rest of the session without recording anything."""
        self._skipped.add(presented.card.card_id)

    def suspend(self, presented: Presented) -> None:
        """Keep the card out of every queue until it is unsuspended."""
        self.service.suspend(presented.card.card_id)

    def bury(self, presented: Presented) -> None:
        """Keep the card out of today's queue."""
        self.service.bury(presented.card.card_id, self.clock())

    def undo(self) -> CardView | None:
        """Undo the last recorded answer; the restored card is studied next."""
        card = self.service.undo()
        if card is not None:
            if self._results:
                self._results.pop()
            self._skipped.discard(card.card_id)
        return card

    def left(self) -> int:
        """Cards still due today in this session's scope."""
        return self.upcoming()[1]
