"""Scoring parameters on held-out reviews: log loss and calibration RMSE of the predicted recall.

Each held-out review comes with the card's history before it: the memory state after
those reviews (fsrs-rs computes it) and the days elapsed give FSRS-6's probability of
recall, ``(1 + f * t / S) ** -w20`` with ``f = 0.9 ** (-1 / w20) - 1``; the review was
recalled when it was not rated Again. The RMSE is over 20 equal-width bins of the
predicted probability, weighted by their counts. Unlike ``FSRS.evaluate``, nothing is
weighted by recency, so current and fitted parameters are compared on equal terms.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from fsrs_rs_python import FSRS

from quizzer.fitting.child.dataset import HeldOut
from quizzer.scheduling.fit_policy import Scores

BINS = 20
_EPSILON = 1e-6


def recall_probability(stability: float, elapsed_days: float, decay: float) -> float:
    """FSRS-6's probability of recall ``elapsed_days`` after a review that left ``stability``."""
    factor = 0.9 ** (-1 / decay) - 1
    return float((1 + factor * elapsed_days / stability) ** -decay)


def score(parameters: Sequence[float], reviews: Sequence[HeldOut]) -> Scores:
    """Log loss and RMSE of ``parameters`` on ``reviews`` (at least one)."""
    states = FSRS(list(parameters)).memory_state_batch([review.before for review in reviews])
    predicted = [
        min(1 - _EPSILON, max(_EPSILON, recall_probability(state.stability, review.elapsed_days, parameters[20])))
        for review, state in zip(reviews, states, strict=True)
    ]
    recalled = [review.rating > 1 for review in reviews]
    loss = -sum(math.log(p) if y else math.log(1 - p) for p, y in zip(predicted, recalled, strict=True)) / len(reviews)
    return Scores(log_loss=loss, rmse=_binned_rmse(predicted, recalled))


def _binned_rmse(predicted: Sequence[float], recalled: Sequence[bool]) -> float:
    sums: dict[int, list[float]] = {}
    for p, y in zip(predicted, recalled, strict=True):
        entry = sums.setdefault(min(BINS - 1, int(p * BINS)), [0.0, 0.0, 0.0])
        entry[0] += p
        entry[1] += y
        entry[2] += 1
    squared = sum((p_sum / n - y_sum / n) ** 2 * n for p_sum, y_sum, n in sums.values())
    return math.sqrt(squared / len(predicted))
