"""Study days start at a local hour (4 am by default), DST included."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from quizzer.scheduling.day import StudyDay, as_utc

UTC = UTC
PARIS = ZoneInfo("Europe/Paris")


def test_the_day_starts_at_4_am_local() -> None:
    day = StudyDay(4, PARIS)
    evening = datetime(2025, 1, 10, 23, 30, tzinfo=PARIS)
    night = datetime(2025, 1, 11, 3, 59, tzinfo=PARIS)
    morning = datetime(2025, 1, 11, 4, 0, tzinfo=PARIS)
    assert day.start(evening) == day.start(night) == datetime(2025, 1, 10, 4, tzinfo=PARIS)
    assert day.end(night) == morning == day.start(morning)
    assert day.start(morning).tzinfo is UTC


def test_the_hour_is_configurable() -> None:
    day = StudyDay(0, UTC)
    assert day.start(datetime(2025, 1, 11, 0, 30, tzinfo=UTC)) == datetime(2025, 1, 11, tzinfo=UTC)


def test_a_day_across_a_dst_change_is_23_hours() -> None:
    day = StudyDay(4, PARIS)
    sunday = datetime(2025, 3, 30, 3, 30, tzinfo=PARIS)  # clocks went forward at 2 am; 3:30 is before 4
    assert day.end(sunday) - day.start(sunday) == timedelta(hours=23)


def test_system_local_time_when_no_zone() -> None:
    day = StudyDay()
    now = datetime.now(UTC)
    assert day.start(now) <= now < day.end(now)
    assert day.start(now).astimezone().hour == 4


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        as_utc(datetime(2025, 1, 1))
