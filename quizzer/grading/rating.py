"""The FSRS rating suggested for a verdict; the learner may override it with 1-4.

Wrong is Again. Right is Good, Easy when answered within ``FAST_S``, Hard when it took
``SLOW_S`` or more or needed a hint. ``elapsed_s`` runs from showing the question to
submitting the answer. The thresholds are for typing a short answer; a recall card, where
the learner rates after the reveal, gets Good as the suggestion to confirm or change.
"""

from __future__ import annotations

from enum import IntEnum

from quizzer.grading.verdict import Verdict, VerdictStatus

FAST_S = 8.0  # right within this many seconds: Easy
SLOW_S = 30.0  # right after this many seconds or more: Hard


class Rating(IntEnum):
    """FSRS ratings, numbered as the ``fsrs`` package numbers them."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


def suggest_rating(verdict: Verdict, elapsed_s: float, *, hinted: bool = False) -> Rating | None:
    """The rating a verdict suggests; None for unparsed and error verdicts, which are no review."""
    if verdict.status is VerdictStatus.WRONG:
        return Rating.AGAIN
    if verdict.status is VerdictStatus.SELF_GRADED:
        return Rating.GOOD
    if verdict.status is not VerdictStatus.CORRECT:
        return None
    if hinted or elapsed_s >= SLOW_S:
        return Rating.HARD
    return Rating.EASY if elapsed_s <= FAST_S else Rating.GOOD
