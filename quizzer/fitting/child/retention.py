"""The desired retention that costs the least work per card remembered, from fsrs-rs's workload simulator.

``optimal_retention`` simulates a year of reviews of a collection of the learner's size
(new cards at the learner's daily limit) under the given parameters, for desired
retentions from 0.70 to 0.95, and returns the one with the least review time per card
remembered. The simulated collection is capped at ``MAX_CARDS`` cards to keep it under a
second.
"""

from __future__ import annotations

from collections.abc import Sequence

from fsrs_rs_python import default_simulator_config, optimal_retention

MIN_CARDS = 100
MAX_CARDS = 2000
DAYS = 365


def least_work_retention(parameters: Sequence[float], cards: int, new_per_day: int) -> float:
    """The retention (0.70 .. 0.95) with the least simulated work per card remembered, to 2 decimals."""
    config = default_simulator_config()
    config.deck_size = min(MAX_CARDS, max(MIN_CARDS, cards))
    config.learn_span = DAYS
    config.learn_limit = max(1, new_per_day)
    return round(optimal_retention(config, list(parameters)), 2)
