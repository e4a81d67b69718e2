"""Today at a glance, for the home screen: what is left per deck and per scope, why a deck offers no new cards.

Every count here is ``ReviewService.scope_counts``/``counts``: what a session on that
scope would still ask today (learning cards due later today included). The review's
header and its summary read the same count (``StudySession``), so the three agree.
Each function uses the store under the services' lock. Importing this module loads nothing heavy:
the home screen imports it before its first paint.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from quizzer import paths
from quizzer.review.views import DeckCounts, NewCardLimit
from quizzer.study.more_new import STEP, MoreNewFile

if TYPE_CHECKING:  # the home screen imports this module before its first paint: nothing heavy at import
    from quizzer.review.classroom import ClassReport
    from quizzer.review.stats import Stats
    from quizzer.study.opener import Services


@dataclass(frozen=True)
class Today:
    """Per deck id, what is left to study today, and the day's new-card limit."""

    counts: Mapping[str, DeckCounts]
    new_limit: NewCardLimit

    def why_no_new(self, deck_id: str) -> str | None:
        """Why the deck offers no new card today although it has some; None when it offers some or has none."""
        counts = self.counts.get(deck_id, DeckCounts())
        if counts.new or not counts.new_held:
            return None
        if self.new_limit.reached:
            return f"daily limit of {self.new_limit.limit} new cards reached"
        return f"{counts.new_held} new held for tomorrow: a sibling question was answered today"


def today(services: Services, now: datetime) -> Today:
    """Sync the decks into the store, then count what is left today per deck."""
    with services.lock:
        services.service.sync(services.decks, now)
        return Today(services.service.counts(now), services.service.new_card_limit(now))


def scope_counts(
    services: Services, now: datetime, deck_ids: Collection[str] | None, tags: Collection[str] | None
) -> DeckCounts:
    """What a session on this scope would still ask today."""
    with services.lock:
        return services.service.scope_counts(now, deck_ids, tags)


def stats(services: Services, now: datetime) -> Stats:
    """The statistics as of ``now``."""
    with services.lock:
        return services.service.stats(now)


def study_more_new(services: Services, now: datetime) -> NewCardLimit:
    """Raise today's new-card limit by ``STEP`` (for this study day only, on this database); the new limit."""
    with services.lock:
        service = services.service
        extra = service.new_card_limit(now).extra + STEP
        service.allow_more_new(extra, now)
        MoreNewFile(paths.more_new_file(), service.db_url, service.profile).save(extra, service.day_end(now))
        return service.new_card_limit(now)


def class_view(services: Services, now: datetime) -> ClassReport:
    """The class view of the services' database: every profile's figures, wrong answers as counts only."""
    from quizzer.review.class_service import ClassService

    with ClassService(services.service.db_url) as view:
        return view.report(now)
