"""When fitted FSRS parameters may be computed, adopted and suggested: the rules of ``quizzer optimize``.

- **Enough reviews.** A fit needs ``MIN_FIT_REVIEWS`` reviews made a study day or more after
  the card's previous review (the only ones FSRS's memory model is fitted on) among the
  earlier reviews it trains on; below that it refuses, in one line, before fitting. The
  fitter itself falls back to its starting point (the defaults) without a word on small
  logs, or fits only the first four weights: a result that is the defaults, or that moved
  only those four, is never reported as fitted.
- **Held out.** The latest ``HELD_OUT_SHARE`` of the reviews (by time) are kept out of the
  fit; current and fitted parameters are scored on the same held-out reviews.
- **Adopt only if better.** Fitted parameters replace the current ones only when their
  held-out log loss is lower.
- **Suggest again** once ``SUGGEST_AFTER_ANSWERS`` answers came since the last fit (or in
  all, when nothing was fitted yet).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_FIT_REVIEWS = 400
HELD_OUT_SHARE = 0.2
SUGGEST_AFTER_ANSWERS = 1000
FIRST_FOUR = 4  # w0..w3, the initial stabilities: all the fitter moves on a small log
_SAME = 1e-6


@dataclass(frozen=True)
class Scores:
    """How well parameters predicted the held-out reviews: log loss and calibration RMSE (lower is better)."""

    log_loss: float
    rmse: float


def too_few(fit_reviews: int) -> str | None:
    """Why a fit on ``fit_reviews`` reviews (a day or more after the previous one) is refused; None when enough."""
    if fit_reviews >= MIN_FIT_REVIEWS:
        return None
    return (
        f"not enough reviews to fit: {fit_reviews} reviews a day or more after the card's previous one "
        f"(before the held-out {HELD_OUT_SHARE:.0%}), {MIN_FIT_REVIEWS} needed"
    )


def not_fitted(fitted: Sequence[float], start: Sequence[float]) -> str | None:
    """Why ``fitted`` is no fit at all (the fitter gave back ``start``, or moved only w0..w3); None when it is one."""
    moved = [index for index, (new, old) in enumerate(zip(fitted, start, strict=True)) if abs(new - old) > _SAME]
    if not moved:
        return "the fitter returned its starting parameters unchanged: too few usable reviews"
    if all(index < FIRST_FOUR for index in moved):
        return "the fitter only moved the first four weights: too few usable reviews"
    return None


def better(fitted: Scores, current: Scores) -> bool:
    """Whether fitted parameters should replace the current ones: a lower held-out log loss."""
    return fitted.log_loss < current.log_loss


def suggest(answers_since_fit: int) -> bool:
    """Whether to suggest optimizing, ``answers_since_fit`` answers after the last fit (or ever, if none)."""
    return answers_since_fit >= SUGGEST_AFTER_ANSWERS
