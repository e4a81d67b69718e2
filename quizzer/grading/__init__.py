"""The answer grader: typed answers judged against ground truth, without torch.

``grade`` judges one answer for a kind against an ``Outcome`` (with a question's ``Judging``); ``grade_code`` judges a code
answer from its trial runs; ``render_truth`` writes a truth as a deck's ``expect``;
``readable`` says whether text reads as an answer of a kind (lint checks ``expect`` with it);
``hint`` lists a kind's accepted forms; ``suggest_rating`` maps a verdict to FSRS.
"""

from quizzer.grading.code import CodeTrial, grade_code, parse_code
from quizzer.grading.grader import grade, readable, render_truth
from quizzer.grading.judging import Judging
from quizzer.grading.kinds import KIND_NAMES, Kind, closest_kind, hint
from quizzer.grading.rating import EASY_STREAK, FAST_S, SLOW_S, Evidence, Rating, is_fast, suggest_rating
from quizzer.grading.verdict import Verdict, VerdictStatus

__all__ = [
    "EASY_STREAK",
    "FAST_S",
    "KIND_NAMES",
    "SLOW_S",
    "CodeTrial",
    "Evidence",
    "Judging",
    "Kind",
    "Rating",
    "Verdict",
    "VerdictStatus",
    "closest_kind",
    "grade",
    "grade_code",
    "hint",
    "is_fast",
    "parse_code",
    "readable",
    "render_truth",
    "suggest_rating",
]
