"""The class view: what a group of learners on one database gets wrong, and who is behind.

Read across every profile (the teacher's view of a shared server), never through a
learner's ``ReviewService``. Per note: how many learners have it and have studied it,
the class's retention (review-phase answers not rated Again), the lapse rate (of the
learners who studied it, the share who lapsed at least once) and the wrong typed
answers. Typed answers belong to their learners: by default only their counts are
reported (wrong answers, distinct wrong answers); their texts, grouped by the answer
with whitespace collapsed and most frequent first, only with ``show_answers`` (the
database owner's choice). No learner's name is ever attached to an answer. The learners
who are behind are those with the most overdue cards.

Each figure is one grouped query over all the profiles' rows: a report, not a hot path.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, distinct, false, func, select
from sqlalchemy.orm import Session

from quizzer.scheduling.phase import Phase
from quizzer.store.models import Card, Profile, ReviewLog

WRONG = "wrong"  # quizzer.grading.verdict.Status.WRONG, as the log stores it
ANSWERS_SHOWN = 5  # wrong answers listed per note with show_answers
OVERDUE = (int(Phase.REVIEW), int(Phase.RELEARNING), int(Phase.LEARNING))


@dataclass(frozen=True)
class WrongAnswer:
    """One wrong typed answer (whitespace collapsed) and how often the class gave it."""

    text: str
    count: int


@dataclass(frozen=True)
class ClassNote:
    """One note as the class studies it."""

    deck: str
    note: str
    learners: int  # profiles with the note in their decks
    studied_by: int  # of those, the ones who answered it at least once
    lapsed_by: int  # of those, the ones who lapsed on it at least once
    answers: int
    again: int  # answers rated Again
    reviews: int  # answers to review-phase cards
    retained: int  # of those, not rated Again
    wrong: int  # answers graded wrong with a typed answer
    distinct_wrong: int
    wrong_answers: list[WrongAnswer] = field(default_factory=list)  # only with show_answers

    @property
    def retention(self) -> float | None:
        """The class's retention on this note (None before any review-phase answer)."""
        return self.retained / self.reviews if self.reviews else None

    @property
    def lapse_rate(self) -> float | None:
        """Of the learners who studied the note, the share who lapsed on it (None when nobody studied it)."""
        return self.lapsed_by / self.studied_by if self.studied_by else None


@dataclass(frozen=True)
class BehindLearner:
    """A learner with overdue cards: how many, and how long the oldest has waited."""

    profile: str
    overdue: int
    oldest_due: datetime


@dataclass(frozen=True)
class ClassReport:
    """The class view: its learners, the most-missed notes first, and who is behind."""

    learners: int
    notes: list[ClassNote]
    behind: list[BehindLearner]
    answers_shown: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: rates as fractions (null when there is nothing to rate), times in ISO 8601."""
        notes = []
        for note in self.notes:
            entry = asdict(note) | {"retention": note.retention, "lapse_rate": note.lapse_rate}
            if not self.answers_shown:
                del entry["wrong_answers"]
            notes.append(entry)
        behind = [asdict(one) | {"oldest_due": one.oldest_due.isoformat()} for one in self.behind]
        return {"learners": self.learners, "answers_shown": self.answers_shown, "notes": notes, "behind": behind}


def class_report(session: Session, now: datetime, *, show_answers: bool = False, limit: int = 20) -> ClassReport:
    """The class view as of ``now`` (module doc): the ``limit`` most-missed notes and the ``limit`` most behind."""
    learners = session.scalar(select(func.count()).select_from(Profile)) or 0
    cards = _card_figures(session)
    log = _log_figures(session)
    wrong = _wrong_answers(session)
    notes = []
    for key, (have, studied, lapsed) in cards.items():
        answers, again, reviews, retained = log.get(key, (0, 0, 0, 0))
        texts = wrong.get(key, Counter())
        shown = [WrongAnswer(text, count) for text, count in _most_common(texts)] if show_answers else []
        notes.append(
            ClassNote(*key, have, studied, lapsed, answers, again, reviews, retained, texts.total(), len(texts), shown)
        )
    notes.sort(key=lambda note: (-note.again, -note.wrong, note.retention or 1.0, note.deck, note.note))
    return ClassReport(learners, notes[:limit], _behind(session, now, limit), show_answers)


def _card_figures(session: Session) -> dict[tuple[str, str], tuple[int, int, int]]:
    """Per note: learners who have it, who studied it, who lapsed on it."""
    studied = func.count(distinct(case((Card.reps > 0, Card.profile_id))))
    lapsed = func.count(distinct(case((Card.lapses > 0, Card.profile_id))))
    query = (
        select(Card.deck, Card.note, func.count(distinct(Card.profile_id)), studied, lapsed)
        .where(Card.archived == false())
        .group_by(Card.deck, Card.note)
    )
    return {(deck, note): (have, done, lapses) for deck, note, have, done, lapses in session.execute(query)}


def _log_figures(session: Session) -> dict[tuple[str, str], tuple[int, int, int, int]]:
    """Per note: answers, Again answers, review-phase answers, and of those the ones not Again."""
    review = ReviewLog.state_before == int(Phase.REVIEW)
    query = (
        select(
            Card.deck,
            Card.note,
            func.count(),
            func.sum(case((ReviewLog.rating == 1, 1), else_=0)),
            func.sum(case((review, 1), else_=0)),
            func.sum(case((and_(review, ReviewLog.rating > 1), 1), else_=0)),
        )
        .join(Card, Card.id == ReviewLog.card_id)
        .group_by(Card.deck, Card.note)
    )
    return {(deck, note): (int(a), int(b), int(c), int(d)) for deck, note, a, b, c, d in session.execute(query)}


def _wrong_answers(session: Session) -> dict[tuple[str, str], Counter[str]]:
    """Per note: the wrong typed answers, whitespace collapsed, counted."""
    query = (
        select(Card.deck, Card.note, ReviewLog.typed_answer, func.count())
        .join(Card, Card.id == ReviewLog.card_id)
        .where(ReviewLog.verdict == WRONG, ReviewLog.typed_answer.is_not(None))
        .group_by(Card.deck, Card.note, ReviewLog.typed_answer)
    )
    found: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for deck, note, text, count in session.execute(query):
        if grouped := " ".join((text or "").split()):
            found[(deck, note)][grouped] += count
    return found


def _most_common(texts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(texts.items(), key=lambda item: (-item[1], item[0]))[:ANSWERS_SHOWN]


def _behind(session: Session, now: datetime, limit: int) -> list[BehindLearner]:
    """The learners with the most cards due before ``now`` (studied, in the decks, not suspended)."""
    overdue = func.count().label("overdue")
    query = (
        select(Profile.name, overdue, func.min(Card.due))
        .join(Card, Card.profile_id == Profile.id)
        .where(Card.state.in_(OVERDUE), Card.due < now, Card.archived == false(), Card.suspended == false())
        .group_by(Profile.name)
        .order_by(overdue.desc(), func.min(Card.due), Profile.name)
        .limit(limit)
    )
    return [BehindLearner(name, count, oldest) for name, count, oldest in session.execute(query)]
