"""Study statistics from the review store: a calendar of reviews, the due forecast, retention, weak notes.

Days are study days (``StudyDay``: 4 am to 4 am local by default), named by the local
date they start on. Retention is the share of answers to cards in the review phase that
were not Again, the number FSRS's desired retention aims at. Everything is plain data,
read in one transaction; the TUI's stats screen and ``quizzer stats`` draw it.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, Integer, Select, column, false, func, select, tuple_, values
from sqlalchemy.orm import Session

from quizzer.scheduling.day import StudyDay
from quizzer.scheduling.phase import Phase
from quizzer.store.columns import quarter_of
from quizzer.store.models import Card, ReviewCount, ReviewLog

CALENDAR_DAYS = 182  # about 26 weeks of history in the calendar
FORECAST_DAYS = 30
RETENTION_WEEKS = 12
WEAKEST_LIMIT = 10
_RANKED_AT_MOST = 500  # notes tied with the tenth most lapses ranked in full; past that, every note is
_STUDIED = (int(Phase.LEARNING), int(Phase.REVIEW), int(Phase.RELEARNING))


@dataclass(frozen=True)
class RetentionWeek:
    """Retention over the study week starting on ``start``."""

    start: date
    reviews: int  # answers to cards in the review phase
    retained: int  # of those, not rated Again

    @property
    def rate(self) -> float:
        """``retained / reviews``."""
        return self.retained / self.reviews if self.reviews else 0.0


@dataclass(frozen=True)
class WeakNote:
    """A note whose questions keep lapsing or being answered Again."""

    deck: str
    note: str
    lapses: int
    reviews: int
    again: int

    @property
    def again_rate(self) -> float:
        """Share of its answers rated Again."""
        return self.again / self.reviews if self.reviews else 0.0


@dataclass(frozen=True)
class Stats:
    """Everything the stats screen shows, as of ``today``."""

    today: date
    calendar: dict[date, int]  # reviews per study day, last CALENDAR_DAYS days (days without reviews left out)
    forecast: list[int]  # review/learning cards due on each of the next FORECAST_DAYS days; overdue count today
    retention: list[RetentionWeek]  # oldest first, weeks without review-phase answers left out
    weakest: list[WeakNote]
    total_reviews: int
    streak: int  # study days in a row with reviews, ending today (or yesterday when today has none yet)
    next_due: datetime | None  # the next time a studied card falls due after now (cards due already are today's)

    def to_dict(self) -> dict[str, Any]:
        """JSON form for ``quizzer stats --json``."""
        return {
            "today": self.today.isoformat(),
            "calendar": {day.isoformat(): count for day, count in sorted(self.calendar.items())},
            "forecast": self.forecast,
            "retention": [
                {
                    "week": week.start.isoformat(),
                    "reviews": week.reviews,
                    "retained": week.retained,
                    "rate": round(week.rate, 4),
                }
                for week in self.retention
            ],
            "weakest": [asdict(note) | {"again_rate": round(note.again_rate, 4)} for note in self.weakest],
            "total_reviews": self.total_reviews,
            "streak": self.streak,
            "next_due": self.next_due.isoformat() if self.next_due else None,
        }


def study_date(day: StudyDay, moment: datetime) -> date:
    """The local date on which the study day holding ``moment`` starts."""
    return day.start(moment).astimezone(day.zone).date()


def _day_starts(day: StudyDay, now: datetime, count: int) -> list[datetime]:
    """The UTC starts of the ``count`` study days up to today's, oldest first, then the end of today's."""
    start = day.start(now)
    starts = [day.end(now)]
    for _ in range(count):
        starts.append(start)
        start = day.start(start - timedelta(hours=1))
    return starts[::-1]


def collect_stats(session: Session, day: StudyDay, now: datetime, profile: int) -> Stats:
    """Read one profile's statistics as of ``now`` (UTC): answers from the per-quarter-hour counts, cards by index."""
    today = study_date(day, now)
    history_days = max(CALENDAR_DAYS, RETENTION_WEEKS * 7 + 6)
    starts = _day_starts(day, now, history_days)  # starts[i] opens the day ``today - (history_days - 1 - i)``
    first_week = today - timedelta(days=today.weekday() + 7 * (RETENTION_WEEKS - 1))
    per_day: Counter[date] = Counter()
    weeks: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for index, answers, reviews, retained in session.execute(_per_day(starts, profile)):
        when = today - timedelta(days=history_days - 1 - index)
        if (today - when).days < CALENDAR_DAYS and answers:
            per_day[when] += answers
        week = when - timedelta(days=when.weekday())
        if reviews and week >= first_week:
            weeks[week][0] += reviews
            weeks[week][1] += retained
    return Stats(
        today=today,
        calendar=dict(per_day),
        forecast=_forecast(session, day, now, profile),
        retention=[RetentionWeek(week, total, kept) for week, (total, kept) in sorted(weeks.items())],
        weakest=_weakest(session, profile),
        total_reviews=session.execute(
            select(func.coalesce(func.sum(ReviewCount.answers), 0)).where(ReviewCount.profile_id == profile)
        ).scalar_one(),
        streak=_streak(per_day, today),
        next_due=_next_due(session, now, profile),
    )


def _per_day(starts: list[datetime], profile: int) -> Select[Any]:
    """(day index, answers, review-phase answers, those not Again) per study day from the quarter-hour counts.

    The days are a VALUES list of quarter-hour ranges joined to ``review_count``: one
    range of its primary key per day, summed in SQL.
    """
    bounds = [quarter_of(moment) for moment in starts]
    days = (
        values(column("day", Integer), column("low", BigInteger), column("high", BigInteger), name="days")
        .data([(index, low, high) for index, (low, high) in enumerate(itertools.pairwise(bounds))])
        .cte("days")
    )
    return (
        select(
            days.c.day,
            func.sum(ReviewCount.answers),
            func.sum(ReviewCount.reviews),
            func.sum(ReviewCount.retained),
        )
        .join(
            ReviewCount,
            (ReviewCount.profile_id == profile)
            & (ReviewCount.quarter >= days.c.low)
            & (ReviewCount.quarter < days.c.high),
        )
        .group_by(days.c.day)
    )


def _scheduled(profile: int) -> tuple[Any, ...]:
    """The profile's cards in the decks, studied at least once and not suspended."""
    return Card.profile_id == profile, Card.archived == false(), Card.suspended == false(), Card.state.in_(_STUDIED)


def _next_due(session: Session, now: datetime, profile: int) -> datetime | None:
    """The soonest due date after ``now`` of a studied card: one index probe per phase."""
    dues = [
        session.execute(
            select(func.min(Card.due)).where(Card.state == state, Card.due > now, *_scheduled(profile)[:3])
        ).scalar_one()
        for state in _STUDIED
    ]
    return min((due for due in dues if due is not None), default=None)


def _forecast(session: Session, day: StudyDay, now: datetime, profile: int) -> list[int]:
    """Studied cards due per study day from today on (overdue ones today): one count, then the coming days' dues."""
    end_today = day.end(now)
    ends = [end_today]
    for _ in range(FORECAST_DAYS - 1):
        ends.append(day.end(ends[-1]))
    counts = [0] * FORECAST_DAYS
    counts[0] = session.execute(select(func.count()).where(*_scheduled(profile), Card.due < end_today)).scalar_one()
    coming = session.execute(select(Card.due).where(*_scheduled(profile), Card.due >= end_today, Card.due < ends[-1]))
    for (due,) in coming:
        counts[bisect_right(ends, due)] += 1
    return counts


def _weakest(session: Session, profile: int) -> list[WeakNote]:
    """The notes with the most lapses, then the highest share of Again answers (reviews are the cards' ``reps``).

    Notes sort by lapses first, so when at least ``WEAKEST_LIMIT`` notes have lapses the
    weakest are among those with as many lapses as the tenth: only they are ranked in
    full. Otherwise (or when ties make them many) every note with lapses or Again answers
    is. A card's ``reps`` is its number of log rows (each answer adds one, undo takes it back).
    """
    lapses = func.sum(Card.lapses).label("lapses")
    lapsed = (
        select(Card.deck, Card.note, lapses)
        .where(Card.profile_id == profile, Card.lapses > 0, Card.archived == false())
        .group_by(Card.deck, Card.note)
        .order_by(lapses.desc())
    )
    keys: list[tuple[str, str]] = []
    tenth = 0  # the tenth most lapses of a note, once ten notes are read
    for deck, note, count in session.execute(lapsed):
        if len(keys) >= WEAKEST_LIMIT and count < tenth:
            break
        if len(keys) < WEAKEST_LIMIT:
            tenth = count
        keys.append((deck, note))
        if len(keys) > _RANKED_AT_MOST:
            break
    if len(keys) < WEAKEST_LIMIT or len(keys) > _RANKED_AT_MOST:
        return _ranked(session, _every_weak_note(profile))
    again = (
        select(func.count())
        .where(ReviewLog.rating == 1, ReviewLog.card_id == Card.id)
        .correlate(Card)
        .scalar_subquery()
    )
    query = (
        select(Card.deck, Card.note, func.sum(Card.lapses), func.sum(Card.reps), func.sum(again))
        .where(Card.profile_id == profile, Card.archived == false(), tuple_(Card.deck, Card.note).in_(keys))
        .group_by(Card.deck, Card.note)
    )
    return _ranked(session, query)


def _every_weak_note(profile: int) -> Select[*tuple[Any, ...]]:
    """Every note with lapses or Again answers, Again answers counted by card from the partial index."""
    again = (
        select(ReviewLog.card_id, func.count().label("again"))
        .where(ReviewLog.rating == 1)
        .group_by(ReviewLog.card_id)
        .subquery()
    )
    again_count = func.sum(func.coalesce(again.c.again, 0))
    return (
        select(Card.deck, Card.note, func.sum(Card.lapses), func.sum(Card.reps), again_count)
        .outerjoin(again, again.c.card_id == Card.id)
        .where(Card.profile_id == profile, Card.archived == false())
        .group_by(Card.deck, Card.note)
        .having((func.sum(Card.lapses) > 0) | (again_count > 0))
    )


def _ranked(session: Session, query: Select[*tuple[Any, ...]]) -> list[WeakNote]:
    notes = [
        WeakNote(deck, note, int(lapses or 0), int(reviews or 0), int(again or 0))
        for deck, note, lapses, reviews, again in session.execute(query)
    ]
    notes.sort(key=lambda note: (-note.lapses, -note.again_rate, -note.again, note.deck, note.note))
    return notes[:WEAKEST_LIMIT]


def _streak(per_day: Counter[date], today: date) -> int:
    current = today if per_day.get(today) else today - timedelta(days=1)
    streak = 0
    while per_day.get(current):
        streak += 1
        current -= timedelta(days=1)
    return streak
