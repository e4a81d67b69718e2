"""The FSRS rating suggested for a verdict; the learner may override it with 1-4.

Wrong is Again. Right is Good; Hard when it took ``SLOW_S`` or more or needed a hint. Easy
inflates the next interval the most, so it is suggested only with evidence: the card is in
review (not new, learning or relearning), this answer came within ``FAST_S``, and so did the
last ``EASY_STREAK`` answers to the card, all right. An answer submitted in under
``UNMEASURED_S`` (0 s: answers piped into ``--plain``) was not typed by a person reading the
question, so it is never fast. A recall card, where the learner
rates after the reveal, gets Good as the suggestion to confirm or change.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from quizzer.grading.verdict import Verdict, VerdictStatus

FAST_S = 8.0  # right within this many seconds counts as fast
SLOW_S = 30.0  # right after this many seconds or more: Hard
EASY_STREAK = 2  # earlier fast right answers needed before Easy is suggested
UNMEASURED_S = 0.5  # answer times below this were not measured (piped input)


class Rating(IntEnum):
    """FSRS ratings, numbered as the ``fsrs`` package numbers them."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True)
class Evidence:
    """What the card's history says about this answer: its phase and its recent fast right answers."""

    in_review: bool  # graduated: not new, learning or relearning
    fast_right_streak: int  # how many answers before this one, newest first, were right within FAST_S


def is_fast(elapsed_s: float) -> bool:
    """True for a measured answer time (``UNMEASURED_S`` or more) of at most ``FAST_S``."""
    return UNMEASURED_S <= elapsed_s <= FAST_S


def suggest_rating(
    verdict: Verdict, elapsed_s: float, *, hinted: bool = False, evidence: Evidence | None = None
) -> Rating | None:
    """The rating a verdict suggests; None for unparsed and error verdicts, which are no review.

    Without ``evidence`` (a first sight, or a caller that has no history) Good is the most.
    """
    if verdict.status is VerdictStatus.WRONG:
        return Rating.AGAIN
    if verdict.status is VerdictStatus.SELF_GRADED:
        return Rating.GOOD
    if verdict.status is not VerdictStatus.CORRECT:
        return None
    if hinted or elapsed_s >= SLOW_S:
        return Rating.HARD
    earned = evidence is not None and evidence.in_review and evidence.fast_right_streak >= EASY_STREAK
    return Rating.EASY if earned and is_fast(elapsed_s) else Rating.GOOD
