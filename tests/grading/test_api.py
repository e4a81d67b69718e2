"""Kinds, hints, verdicts as data, truths that did not run, recall, and rating suggestions."""

from __future__ import annotations

import pytest

from quizzer.grading import (
    EASY_STREAK,
    FAST_S,
    KIND_NAMES,
    SLOW_S,
    Evidence,
    Kind,
    Rating,
    Verdict,
    VerdictStatus,
    closest_kind,
    grade,
    hint,
    render_truth,
    suggest_rating,
)
from quizzer.outcome import Status
from testsupport.builders import failed, number, raised, shape, text


def test_kind_names() -> None:
    assert KIND_NAMES == (
        "shape", "dtype", "bool", "int", "float", "tensor", "value", "str", "exception", "choice", "code", "recall",
    )  # fmt: skip
    assert closest_kind("shap") == "shape"
    assert closest_kind("excpetion") == "exception"
    assert closest_kind("zzz") is None


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_has_a_short_hint(kind: Kind) -> None:
    assert 0 < len(hint(kind)) <= 80


def test_unknown_kind_and_code_raise() -> None:
    with pytest.raises(ValueError):
        grade("shapes", "(2, 3)", shape(2, 3))
    with pytest.raises(ValueError, match="grade_code"):
        grade(Kind.CODE, "x", shape(2, 3))


@pytest.mark.parametrize("status", [Status.TIMEOUT, Status.CRASHED, Status.OUT_OF_MEMORY, Status.OUTPUT_TOO_LARGE])
def test_no_truth_is_an_error(status: Status) -> None:
    verdict = grade(Kind.SHAPE, "(2, 3)", failed(status, "why"))
    assert verdict.status is VerdictStatus.ERROR
    assert verdict.explanation == f"no truth to compare with: {status.value}: why"
    assert render_truth(Kind.SHAPE, failed(status)) is None


def test_a_truth_of_another_kind_is_an_error() -> None:
    verdict = grade(Kind.SHAPE, "(2, 3)", number(3))
    assert verdict.status is VerdictStatus.ERROR
    assert verdict.explanation == "the truth is an int 3, not a shape: check the question's kind"


def test_recall_is_self_graded_and_reveals_the_truth() -> None:
    verdict = grade(Kind.RECALL, " it keeps batch in dim 1 ", text("h_n keeps (L, b, h)"))
    assert (verdict.status, verdict.answer, verdict.truth_text) == (
        VerdictStatus.SELF_GRADED, "it keeps batch in dim 1", "h_n keeps (L, b, h)",
    )  # fmt: skip
    assert grade(Kind.RECALL, "", None).truth_text is None
    assert render_truth(Kind.RECALL, raised("RuntimeError", "boom")) == "RuntimeError: boom"


def test_empty_answers_are_unparsed() -> None:
    verdict = grade(Kind.INT, "   ", number(3))
    assert verdict.status is VerdictStatus.UNPARSED
    assert verdict.explanation.startswith("type an answer: an integer")
    assert not verdict.recordable


def test_verdict_round_trips_as_a_dict() -> None:
    verdict = grade(Kind.EXCEPTION, "RuntimeError", raised("OutOfMemoryError", "x", qualname="torch.OutOfMemoryError"))
    data = verdict.to_dict()
    assert data["status"] == "correct" and data["kind"] == "exception"
    assert Verdict.from_dict(data) == verdict


@pytest.mark.parametrize(
    ("status", "elapsed", "hinted", "rating"),
    [
        (VerdictStatus.WRONG, 1.0, False, Rating.AGAIN),
        (VerdictStatus.CORRECT, FAST_S, False, Rating.GOOD),  # fast, but no history: Good at most
        (VerdictStatus.CORRECT, FAST_S + 0.1, False, Rating.GOOD),
        (VerdictStatus.CORRECT, SLOW_S - 0.1, False, Rating.GOOD),
        (VerdictStatus.CORRECT, SLOW_S, False, Rating.HARD),
        (VerdictStatus.CORRECT, 1.0, True, Rating.HARD),
        (VerdictStatus.SELF_GRADED, 1.0, False, Rating.GOOD),
        (VerdictStatus.UNPARSED, 1.0, False, None),
        (VerdictStatus.ERROR, 1.0, False, None),
    ],
)
def test_rating_suggestions(status: VerdictStatus, elapsed: float, hinted: bool, rating: Rating | None) -> None:
    assert suggest_rating(Verdict(status), elapsed, hinted=hinted) == rating


@pytest.mark.parametrize(
    ("elapsed", "evidence", "rating"),
    [
        (FAST_S, Evidence(in_review=True, fast_right_streak=EASY_STREAK), Rating.EASY),
        (FAST_S + 0.1, Evidence(in_review=True, fast_right_streak=EASY_STREAK), Rating.GOOD),
        (FAST_S, Evidence(in_review=True, fast_right_streak=EASY_STREAK - 1), Rating.GOOD),
        (FAST_S, Evidence(in_review=False, fast_right_streak=5), Rating.GOOD),  # new, learning or relearning
        (0.0, Evidence(in_review=True, fast_right_streak=5), Rating.GOOD),  # piped --plain: not measured
        (None, Evidence(in_review=True, fast_right_streak=5), Rating.GOOD),
    ],
)
def test_easy_needs_evidence(elapsed: float | None, evidence: Evidence, rating: Rating) -> None:
    measured = 0.1 if elapsed is None else elapsed
    assert suggest_rating(Verdict(VerdictStatus.CORRECT), measured, evidence=evidence) == rating
