"""Study days: a day runs from a configurable local hour (4 am by default) to the same hour next day.

Daily limits and burying count from the start of the current study day. Times go in and
come out as UTC; only the boundary itself is computed in local time, so a learner who
answers at 1 am still counts the answer to the evening's study day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive datetime is refused (its zone would be a guess)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone; pass an aware datetime")
    return moment.astimezone(UTC)


class StudyDay:
    """Where study days start for one learner: ``hour`` o'clock in ``zone`` (None: system local time)."""

    def __init__(self, hour: int = 4, zone: tzinfo | None = None) -> None:
        self.hour = hour
        self.zone = zone

    def start(self, now: datetime) -> datetime:
        """The start (UTC) of the study day holding ``now``."""
        return self._at(self._date(now))

    def end(self, now: datetime) -> datetime:
        """The end (UTC) of the study day holding ``now``: the next day's start."""
        return self._at(self._date(now) + timedelta(days=1))

    def date_of(self, now: datetime) -> date:
        """The study day holding ``now``, named by the local date it starts on (FSRS counts days by it)."""
        return self._date(now)

    def _date(self, now: datetime) -> date:
        local = as_utc(now).astimezone(self.zone)
        return (local - timedelta(hours=self.hour)).date()

    def _at(self, day: date) -> datetime:
        wall = datetime.combine(day, time(self.hour))
        # A naive datetime's astimezone() reads it as system local time, DST included.
        local = wall.replace(tzinfo=self.zone) if self.zone else wall.astimezone()
        return local.astimezone(UTC)
