"""What the parent sends the fitting child and what comes back, as plain data that travels as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from quizzer.scheduling.fit_policy import Scores


@dataclass(frozen=True)
class FitRequest:
    """A fit's input: answers as (card id, epoch ms, rating) in review order, and how to count days."""

    answers: list[tuple[int, int, int]]
    current: list[float]  # the parameters scheduling now, scored on the same held-out reviews
    day_starts_at_hour: int = 4
    timezone: str | None = None  # IANA name; None: the system's local time
    cards: int = 0  # cards in the collection, for the workload simulation behind the optimal retention
    new_per_day: int = 20

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FitRequest:
        """Inverse of ``to_dict``."""
        return cls(**{**data, "answers": [tuple(answer) for answer in data["answers"]]})


@dataclass(frozen=True)
class FitResult:
    """A fit's outcome: the fitted parameters and held-out scores, or why there are none (``refused``)."""

    answers: int  # answers read from the log
    fit_reviews: int  # reviews a day or more after the previous one, before the held-out share
    held_out_reviews: int  # such reviews in the held-out share: the ones scored
    refused: str | None = None
    parameters: list[float] | None = None
    current: Scores | None = None
    fitted: Scores | None = None
    optimal_retention: float | None = None  # the desired retention with the least work per card remembered
    timings: dict[str, float] = field(default_factory=dict)  # seconds of prep, fit, score, retention; peak_rss_mb

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FitResult:
        """Inverse of ``to_dict``."""
        scores = {key: Scores(**data[key]) if data.get(key) else None for key in ("current", "fitted")}
        return cls(**{**data, **scores})
