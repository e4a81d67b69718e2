"""``quizzer optimize``: read the review log, fit in the child process, adopt the result only if it is better.

The store is used only to read the answers before the fit and to save the result after
it, each under the caller's ``store_lock`` (the TUI's services lock), never during the
fit itself.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime

from quizzer.fitting.request import FitRequest, FitResult
from quizzer.fitting.runner import run_in_child
from quizzer.review.service import ReviewService
from quizzer.scheduling.fit_policy import better, suggest
from quizzer.scheduling.scheduler import default_parameters
from quizzer.store.parameters import COLLECTION, FittedParameters


@dataclass(frozen=True)
class Optimization:
    """One run of ``optimize``: the fit, what scheduled before it, and whether the fit was adopted."""

    preset: str  # "" for the collection, else the deck id of --only
    result: FitResult
    previous: FittedParameters | None  # the fitted parameters in use before (None: the defaults)
    adopted: bool
    dry_run: bool
    desired_retention: float

    @property
    def better(self) -> bool:
        """Whether the fitted parameters beat the current ones on the held-out reviews."""
        result = self.result
        return result.fitted is not None and result.current is not None and better(result.fitted, result.current)


@dataclass(frozen=True)
class FitStatus:
    """Which parameters schedule the collection, and whether enough answers came since to fit again."""

    current: FittedParameters | None  # None: the defaults
    answers_since: int  # answers beyond those of the last fit (all answers when nothing was fitted)

    @property
    def suggested(self) -> bool:
        """Whether to offer ``optimize`` now (``fit_policy.suggest``)."""
        return suggest(self.answers_since)


def fit_status(service: ReviewService) -> FitStatus:
    """The collection's parameters, and how many answers the log holds beyond those they were fitted on."""
    current = service.fitted_parameters().get(COLLECTION)
    return FitStatus(current, max(0, service.answer_count() - (current.review_count if current else 0)))


def current_parameters(service: ReviewService, preset: str) -> FittedParameters | None:
    """The fitted parameters scheduling ``preset``'s cards now (a deck's own, else the collection's); None: defaults."""
    fitted = service.fitted_parameters()
    return fitted.get(preset) or fitted.get(COLLECTION)


def optimize(
    service: ReviewService,
    now: datetime,
    deck: str | None = None,
    *,
    dry_run: bool = False,
    store_lock: AbstractContextManager[object] | None = None,
) -> Optimization:
    """Fit parameters to the answers (of ``deck``, or all), and adopt them when better unless ``dry_run``.

    Raises ``quizzer.fitting.runner.FitFailed`` when the child process fails.
    """
    lock = store_lock or nullcontext()
    preset = deck or COLLECTION
    settings = service.settings
    with lock:
        previous = current_parameters(service, preset)
        answers = service.answers_for_fit(deck)
        cards = service.card_count(deck)
    request = FitRequest(
        answers=[(answer.card_id, _epoch_ms(answer.reviewed_at), answer.rating) for answer in answers],
        current=list(previous.parameters) if previous else default_parameters(),
        day_starts_at_hour=settings.day_starts_at_hour,
        timezone=settings.timezone,
        cards=cards,
        new_per_day=settings.new_per_day,
    )
    result = run_in_child(request)
    run = Optimization(preset, result, previous, False, dry_run, settings.desired_retention)
    if dry_run or not run.better or result.parameters is None or result.fitted is None:
        return run
    fitted = FittedParameters(
        preset, tuple(result.parameters), now, result.answers, result.fitted.log_loss, result.fitted.rmse
    )
    with lock:
        service.save_parameters(fitted)
    return Optimization(preset, result, previous, True, dry_run, settings.desired_retention)


def _epoch_ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)
