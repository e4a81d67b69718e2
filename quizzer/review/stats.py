"""Study statistics from the review store: a calendar of reviews, the due forecast, retention, weak notes.

Days are study days (``StudyDay``: 4 am to 4 am local by default), named by the local
date they start on. Retention is the share of answers to cards in the review phase that
were not Again, the number FSRS's desired retention aims at. Everything is plain data,
read in one transaction; the TUI's stats screen and ``quizzer stats`` draw it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, false, func, select
from sqlalchemy.orm import Session

from quizzer.scheduling.day import StudyDay
from quizzer.scheduling.phase import Phase
from quizzer.store.models import Card, ReviewLog

CALENDAR_DAYS = 182  # about 26 weeks of history in the calendar
FORECAST_DAYS = 30
RETENTION_WEEKS = 12
WEAKEST_LIMIT = 10


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


def collect_stats(session: Session, day: StudyDay, now: datetime) -> Stats:
    """Read the statistics as of ``now`` (UTC)."""
    today = study_date(day, now)
    since = day.start(now) - timedelta(days=max(CALENDAR_DAYS, RETENTION_WEEKS * 7) + 1)
    rows = session.execute(
        select(ReviewLog.reviewed_at, ReviewLog.rating, ReviewLog.state_before).where(ReviewLog.reviewed_at >= since)
    ).all()
    per_day: Counter[date] = Counter()
    weeks: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    first_week = today - timedelta(days=today.weekday() + 7 * (RETENTION_WEEKS - 1))
    for reviewed_at, rating, state_before in rows:
        when = study_date(day, reviewed_at)
        if (today - when).days < CALENDAR_DAYS:
            per_day[when] += 1
        week = when - timedelta(days=when.weekday())
        if state_before == Phase.REVIEW and week >= first_week:
            weeks[week][0] += 1
            weeks[week][1] += rating > 1
    return Stats(
        today=today,
        calendar=dict(per_day),
        forecast=_forecast(session, day, now, today),
        retention=[RetentionWeek(week, total, kept) for week, (total, kept) in sorted(weeks.items())],
        weakest=_weakest(session),
        total_reviews=session.execute(select(func.count(ReviewLog.id))).scalar_one(),
        streak=_streak(per_day, today),
        next_due=session.execute(select(func.min(Card.due)).where(*_scheduled(), Card.due > now)).scalar_one(),
    )


def _scheduled() -> tuple[Any, ...]:
    """Cards in the decks, studied at least once and not suspended."""
    return Card.archived == false(), Card.suspended == false(), Card.state != int(Phase.NEW)


def _forecast(session: Session, day: StudyDay, now: datetime, today: date) -> list[int]:
    horizon = day.end(now) + timedelta(days=FORECAST_DAYS - 1)
    counts = [0] * FORECAST_DAYS
    for (due,) in session.execute(select(Card.due).where(*_scheduled(), Card.due < horizon)):
        offset = max(0, (study_date(day, due) - today).days)
        if offset < FORECAST_DAYS:
            counts[offset] += 1
    return counts


def _weakest(session: Session) -> list[WeakNote]:
    again = func.sum(case((ReviewLog.rating == 1, 1), else_=0))
    answers = (
        select(Card.deck, Card.note, func.count(ReviewLog.id).label("reviews"), again.label("again"))
        .join(ReviewLog, ReviewLog.card_id == Card.id)
        .where(Card.archived == false())
        .group_by(Card.deck, Card.note)
    ).subquery()
    lapses = (
        select(Card.deck, Card.note, func.sum(Card.lapses).label("lapses"))
        .where(Card.archived == false())
        .group_by(Card.deck, Card.note)
    ).subquery()
    query = select(answers.c.deck, answers.c.note, lapses.c.lapses, answers.c.reviews, answers.c.again).join(
        lapses, (lapses.c.deck == answers.c.deck) & (lapses.c.note == answers.c.note)
    )
    notes = [
        WeakNote(deck, note, int(lapse or 0), int(reviews), int(again or 0))
        for deck, note, lapse, reviews, again in session.execute(query)
    ]
    weak = [note for note in notes if note.lapses or note.again]
    weak.sort(key=lambda note: (-note.lapses, -note.again_rate, -note.again, note.deck, note.note))
    return weak[:WEAKEST_LIMIT]


def _streak(per_day: Counter[date], today: date) -> int:
    current = today if per_day.get(today) else today - timedelta(days=1)
    streak = 0
    while per_day.get(current):
        streak += 1
        current -= timedelta(days=1)
    return streak
