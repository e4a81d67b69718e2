"""The fitter's input: one FSRS item per review made a study day or more after the card's previous one.

fsrs-rs does not read a review log: each item is a card's history up to and including one
review, with the days between reviews counted by the caller. Days here are quizzer's
study days (``StudyDay``: 4 am to 4 am local by default), so two answers either side of
midnight but before 4 am count as the same day, as they do for daily limits. Items are in
review-time order: the fitter weights later items more by their position.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs_rs_python import FSRSItem, FSRSReview

from quizzer.scheduling.day import StudyDay
from quizzer.scheduling.fit_policy import HELD_OUT_SHARE

EPOCH_ORDINAL = 719_163  # date(1970, 1, 1).toordinal()
QUARTER_HOUR_MS = 900_000


@dataclass(frozen=True)
class HeldOut:
    """A held-out review: the card's history before it, the study days since the previous one, the rating."""

    before: FSRSItem
    elapsed_days: int
    rating: int


@dataclass(frozen=True)
class Dataset:
    """Items to fit on (before the cut) and reviews to score on (the held-out latest ones)."""

    train: list[FSRSItem]
    held_out: list[HeldOut]


def day_numbers(times_ms: Sequence[int], day: StudyDay) -> list[int]:
    """The study day of each time (epoch milliseconds) as a day number.

    Every time zone's offsets and transitions fall on quarter hours, so all moments of one
    UTC quarter hour share a study day: it is computed once per quarter hour.
    """
    known: dict[int, int] = {}
    numbers = []
    for ms in times_ms:
        quarter = ms // QUARTER_HOUR_MS
        if (number := known.get(quarter)) is None:
            moment = datetime.fromtimestamp(quarter * QUARTER_HOUR_MS / 1000, UTC)
            number = known[quarter] = day.date_of(moment).toordinal() - EPOCH_ORDINAL
        numbers.append(number)
    return numbers


def cut_time(answers: Sequence[Sequence[int]], held_out_share: float = HELD_OUT_SHARE) -> int:
    """The time (epoch ms) from which answers are held out: the latest ``held_out_share`` of them."""
    return answers[min(len(answers) - 1, int(len(answers) * (1 - held_out_share)))][1]


def build(answers: Sequence[Sequence[int]], day: StudyDay, held_out_share: float = HELD_OUT_SHARE) -> Dataset:
    """Items from ``answers`` (card id, epoch ms, rating; in review order), split by time at the held-out share."""
    if not answers:
        return Dataset([], [])
    days = day_numbers([answer[1] for answer in answers], day)
    cut_ms = cut_time(answers, held_out_share)
    history: dict[int, list[FSRSReview]] = {}
    last_day: dict[int, int] = {}
    train: list[FSRSItem] = []
    held_out: list[HeldOut] = []
    for (card, moment, rating), number in zip(answers, days, strict=True):
        elapsed = max(0, number - last_day[card]) if card in last_day else 0
        last_day[card] = number
        reviews = history.setdefault(card, [])
        if elapsed > 0 and moment >= cut_ms:
            held_out.append(HeldOut(FSRSItem(list(reviews)), elapsed, rating))
        reviews.append(FSRSReview(rating, elapsed))
        if elapsed > 0 and moment < cut_ms:
            train.append(FSRSItem(list(reviews)))
    return Dataset(train, held_out)
