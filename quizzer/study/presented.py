"""The question a study session presents and the answer it judged: immutable, so any thread may hold them.

``Presented`` is one card asked on one seeded params instance; ``Answered`` is a typed
answer to it with the grader's verdict and the interval each rating would give. Both are
frozen: the session hands them to its clients (the TUI's thread workers, `--plain`) and
takes them back, and nothing changes them on the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from quizzer.decks.params import Instance
from quizzer.grading import Rating, Verdict, hint
from quizzer.review.views import CardView
from quizzer.study.judge import Judgement, QuestionRef
from quizzer.study.shown import ShownQuestion


@dataclass(frozen=True)
class Presented:
    """A question put before the learner: its card, the instance asked, and when it was shown.

    ``number`` counts the questions presented in this session (a card asked again after an
    undo or an edit gets a new number); ``presented_at`` is the session's ticker at that moment.
    """

    card: CardView
    ref: QuestionRef
    seed: int
    params: Instance
    number: int
    presented_at: float

    @property
    def card_id(self) -> str:
        """The card identity ``deck/note/question``."""
        return self.card.card_id

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
            self.card_id, self.ref.deck.title, self.kind, self.prompt, tuple(self.choices), self.hint, left
        )


@dataclass(frozen=True)
class Answered:
    """A judged answer; recorded only when it is rated."""

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
        """False for unparsed and error verdicts: nothing is recorded for them."""
        return self.suggested is not None

    @property
    def truth_text(self) -> str:
        """The truth as the learner would type it, else the outcome's one-line summary, else empty."""
        if self.verdict.truth_text is not None:
            return self.verdict.truth_text
        truth = self.judgement.truth
        return truth.summary() if truth else ""
