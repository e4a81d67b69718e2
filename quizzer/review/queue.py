"""Today's queue: what to study now, after daily limits, burying, suspension and archiving.

Gather order (Anki's): learning and relearning cards due now, then review cards due
today (before the next study-day boundary), then new cards in deck order. Limits are
per study day for the whole collection and are counted from the review log: answers
given since the day started to new cards (``new_per_day``) and to review cards
(``reviews_per_day``); undoing an answer deletes its row and so gives it back.

Burying siblings needs no writes: once a question of a note has been answered today,
the note's other questions wait for tomorrow; the answered one still comes back for
its learning steps. Within one queue a note also shows one question only. When nothing
else is left, a learning card due within ``LEARN_AHEAD`` is shown early.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.orm import Session

from quizzer.review.sync import tag_text
from quizzer.scheduling.day import StudyDay
from quizzer.scheduling.phase import Phase
from quizzer.scheduling.settings import Settings
from quizzer.store.models import Card, ReviewLog

LEARN_AHEAD = timedelta(minutes=20)
_LEARNING = (int(Phase.LEARNING), int(Phase.RELEARNING))


@dataclass(frozen=True)
class Scope:
    """Which cards a session studies: some decks and/or tags (None: all)."""

    deck_ids: Collection[str] | None = None
    tags: Collection[str] | None = None


@dataclass(frozen=True)
class Queue:
    """Today's cards by kind, each an iterator in study order; read them in order, once."""

    learning: Iterator[Card]
    review: Iterator[Card]
    new: Iterator[Card]
    ahead: Iterator[Card]  # learning cards due within LEARN_AHEAD: for when the rest is done

    def cards(self) -> Iterator[Card]:
        """All cards, in study order: learning, then reviews, then new."""
        return chain(self.learning, self.review, self.new)

    def counts(self) -> tuple[int, int, int]:
        """How many (learning, review, new) cards there are."""
        return sum(1 for _ in self.learning), sum(1 for _ in self.review), sum(1 for _ in self.new)


@dataclass(frozen=True)
class _Today:
    """The study day's end and its answers so far, read from the review log."""

    end: datetime
    new_done: int
    reviews_done: int
    answered_cards: frozenset[int]
    answered_notes: frozenset[tuple[str, str]]


def _today(session: Session, day: StudyDay, now: datetime) -> _Today:
    since = ReviewLog.reviewed_at >= day.start(now)
    done = dict(
        session.execute(
            select(ReviewLog.state_before, func.count()).where(since).group_by(ReviewLog.state_before)
        ).all()
    )
    answered = session.execute(
        select(Card.id, Card.deck, Card.note).join(ReviewLog, ReviewLog.card_id == Card.id).where(since).distinct()
    ).all()
    return _Today(
        end=day.end(now),
        new_done=done.get(int(Phase.NEW), 0),
        reviews_done=done.get(int(Phase.REVIEW), 0),
        answered_cards=frozenset(row.id for row in answered),
        answered_notes=frozenset((row.deck, row.note) for row in answered),
    )


def _studyable(scope: Scope, now: datetime) -> Select[Card]:
    query = select(Card).where(
        Card.archived == false(),
        Card.suspended == false(),
        or_(Card.buried_until.is_(None), Card.buried_until <= now),
    )
    if scope.deck_ids is not None:
        query = query.where(Card.deck.in_(list(scope.deck_ids)))
    if scope.tags:
        query = query.where(or_(*(Card.tags.contains(tag_text([tag]), autoescape=True) for tag in scope.tags)))
    return query


class _Siblings:
    """Burying: one question per note today, except questions already answered today."""

    def __init__(self, today: _Today) -> None:
        self._today = today
        self._shown: set[tuple[str, str]] = set()

    def admit(self, card: Card) -> bool:
        if card.id in self._today.answered_cards:
            return True
        note = (card.deck, card.note)
        if note in self._today.answered_notes or note in self._shown:
            return False
        self._shown.add(note)
        return True


def _admitted(rows: Iterable[Card], siblings: _Siblings, limit: int | None) -> Iterator[Card]:
    if limit == 0:
        return
    taken = 0
    for card in rows:
        if siblings.admit(card):
            yield card
            taken += 1
            if taken == limit:
                return


def _stream(session: Session, query: Select[Card]) -> Iterator[Card]:
    """The query's cards, run only when the first one is wanted."""
    yield from session.execute(query.execution_options(yield_per=64)).scalars()


def new_in_scope(session: Session, scope: Scope, now: datetime) -> int:
    """How many studyable new cards ``scope`` holds, before daily limits and burying."""
    query = _studyable(scope, now).where(Card.state == int(Phase.NEW))
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def new_done_today(session: Session, day: StudyDay, now: datetime) -> int:
    """New cards answered since the study day holding ``now`` started."""
    return _today(session, day, now).new_done


def gather(
    session: Session, settings: Settings, day: StudyDay, now: datetime, scope: Scope, *, whole_day: bool = False
) -> Queue:
    """Today's queue for ``scope`` at ``now`` (module doc); ``whole_day`` adds learning cards due later today.

    The lists are filled lazily, in study order, as ``Queue.cards`` is consumed.
    """
    today = _today(session, day, now)
    siblings = _Siblings(today)
    base = _studyable(scope, now)
    learning_due = Card.due < today.end if whole_day else Card.due <= now
    learning = base.where(Card.state.in_(_LEARNING), learning_due).order_by(Card.due, Card.id)
    ahead = base.where(Card.state.in_(_LEARNING), Card.due > now, Card.due <= now + LEARN_AHEAD)
    review = base.where(Card.state == int(Phase.REVIEW), Card.due < today.end).order_by(Card.due, Card.id)
    new = base.where(Card.state == int(Phase.NEW)).order_by(Card.deck, Card.position, Card.id)
    return Queue(
        learning=_admitted(_stream(session, learning), siblings, None),
        review=_admitted(_stream(session, review), siblings, max(0, settings.reviews_per_day - today.reviews_done)),
        new=_admitted(_stream(session, new), siblings, max(0, settings.new_per_day - today.new_done)),
        ahead=_admitted(_stream(session, ahead.order_by(Card.due, Card.id)), siblings, None),
    )
