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

Everything is one learner's (``Scope.profile``): the profile's id leads every index used.
Every query is driven by an index (tests/review/test_query_plans.py checks the plans):
today's answers come from the log's time index, never from a walk over the cards, and
the queue reads only the rows it hands out (plain rows, not ORM objects). Counting a
scope walks its queue until the limits stop it; ``quizzer.review.deck_counts`` counts
every deck at once in SQL.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from itertools import chain
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Row, Select, and_, bindparam, false, func, or_, select
from sqlalchemy.orm import Session

from quizzer.review.tags import tag_text
from quizzer.scheduling.day import StudyDay
from quizzer.scheduling.phase import Phase
from quizzer.scheduling.settings import Settings
from quizzer.store.models import Card, ReviewLog

LEARN_AHEAD = timedelta(minutes=20)
LEARNING = (int(Phase.LEARNING), int(Phase.RELEARNING))
VIEW_COLUMNS = (  # what ``CardView.of`` reads
    Card.id,
    Card.key,
    Card.deck,
    Card.note,
    Card.question,
    Card.state,
    Card.due,
    Card.reps,
    Card.lapses,
    Card.suspended,
    Card.archived,
    Card.leech,
    Card.flagged_changed,
    Card.buried_until,
)
_COUNT_COLUMNS = (Card.id, Card.deck, Card.note)
CardRow = Row[Any]  # a card's columns, read by name


@dataclass(frozen=True)
class Scope:
    """Which cards a session studies: one profile's, of some decks and/or tags (None: all)."""

    profile: int
    deck_ids: Collection[str] | None = None
    tags: Collection[str] | None = None


@dataclass(frozen=True)
class Queue:
    """Today's cards by kind, each an iterator in study order; read them in order, once."""

    learning: Iterator[CardRow]
    review: Iterator[CardRow]
    new: Iterator[CardRow]
    ahead: Iterator[CardRow]  # learning cards due within LEARN_AHEAD: for when the rest is done

    def cards(self) -> Iterator[CardRow]:
        """All cards, in study order: learning, then reviews, then new."""
        return chain(self.learning, self.review, self.new)

    def counts(self) -> tuple[int, int, int]:
        """How many (learning, review, new) cards there are."""
        return sum(1 for _ in self.learning), sum(1 for _ in self.review), sum(1 for _ in self.new)


@dataclass(frozen=True)
class Today:
    """The study day's bounds and its answers so far, read from the review log."""

    start: datetime
    end: datetime
    new_done: int
    reviews_done: int
    answered_cards: frozenset[int]
    answered_notes: frozenset[tuple[str, str]]


def today_of(session: Session, day: StudyDay, now: datetime, profile: int) -> Today:
    """The profile's answers today: a range of the log's time index, then the answered cards by primary key."""
    start = day.start(now)
    since = and_(ReviewLog.profile_id == profile, ReviewLog.reviewed_at >= start)
    rows = session.execute(select(ReviewLog.card_id, ReviewLog.state_before).where(since)).all()
    cards = frozenset(card_id for card_id, _ in rows)
    notes: frozenset[tuple[str, str]] = frozenset()
    if cards:  # driven by the log's time index, then each card by its key
        answered = select(Card.deck, Card.note).where(Card.id.in_(select(ReviewLog.card_id).where(since)))
        notes = frozenset((deck, note) for deck, note in session.execute(answered))
    return Today(
        start=start,
        end=day.end(now),
        new_done=sum(1 for _, state in rows if state == Phase.NEW),
        reviews_done=sum(1 for _, state in rows if state == Phase.REVIEW),
        answered_cards=cards,
        answered_notes=notes,
    )


def studyable(scope: Scope, now: Any, profile: Any = None) -> list[ColumnElement[bool]]:
    """The conditions a card of ``scope`` meets when it may be studied at ``now`` (before limits and burying).

    ``now`` and ``profile`` are values or ``bindparam``s (``profile`` None: the scope's profile).
    """
    conditions: list[ColumnElement[bool]] = [
        Card.profile_id == (scope.profile if profile is None else profile),
        Card.archived == false(),
        Card.suspended == false(),
        or_(Card.buried_until.is_(None), Card.buried_until <= now),
    ]
    if scope.deck_ids is not None:
        conditions.append(Card.deck.in_(list(scope.deck_ids)))
    if scope.tags:
        conditions.append(or_(*(Card.tags.contains(tag_text([tag]), autoescape=True) for tag in scope.tags)))
    return conditions


@dataclass(frozen=True)
class _Statements:
    """A scope's queue queries, built once and run with ``now``, ``end`` (of the study day) and ``ahead`` bound."""

    learning: Select[Any]
    learning_today: Select[Any]  # learning cards due at any time today
    ahead: Select[Any]
    review: Select[Any]
    new: Select[Any]
    new_count: Select[Any]


@lru_cache(maxsize=64)
def _statements(deck_ids: tuple[str, ...] | None, tags: tuple[str, ...] | None, counting: bool) -> _Statements:
    now: BindParameter[datetime] = bindparam("now")
    end: BindParameter[datetime] = bindparam("end")
    conditions = studyable(Scope(0, deck_ids, tags), now, bindparam("profile"))
    base = select(*(_COUNT_COLUMNS if counting else VIEW_COLUMNS)).where(*conditions)
    learning = base.where(Card.state.in_(LEARNING))
    return _Statements(
        learning=learning.where(Card.due <= now).order_by(Card.due, Card.id),
        learning_today=learning.where(Card.due < end).order_by(Card.due, Card.id),
        ahead=learning.where(Card.due > now, Card.due <= bindparam("ahead")).order_by(Card.due, Card.id),
        review=base.where(Card.state == int(Phase.REVIEW), Card.due < end).order_by(Card.due, Card.id),
        new=base.where(Card.state == int(Phase.NEW)).order_by(Card.deck, Card.position, Card.id),
        new_count=select(func.count()).select_from(Card).where(*conditions, Card.state == int(Phase.NEW)),
    )


def _scope_statements(scope: Scope, counting: bool) -> _Statements:
    deck_ids = None if scope.deck_ids is None else tuple(sorted(scope.deck_ids))
    return _statements(deck_ids, tuple(sorted(scope.tags)) if scope.tags else None, counting)


class _Siblings:
    """Burying: one question per note today, except questions already answered today."""

    def __init__(self, today: Today) -> None:
        self._today = today
        self._shown: set[tuple[str, str]] = set()

    def admit(self, card: CardRow) -> bool:
        if card.id in self._today.answered_cards:
            return True
        note = (card.deck, card.note)
        if note in self._today.answered_notes or note in self._shown:
            return False
        self._shown.add(note)
        return True


def _admitted(rows: Iterable[CardRow], siblings: _Siblings, limit: int | None) -> Iterator[CardRow]:
    if limit == 0:
        return
    taken = 0
    for card in rows:
        if siblings.admit(card):
            yield card
            taken += 1
            if taken == limit:
                return


def _stream(session: Session, query: Select[Any], bound: dict[str, Any]) -> Iterator[CardRow]:
    """The query's rows, run only when the first one is wanted and read one by one (Core: no ORM loading)."""
    yield from session.connection().execute(query, bound)


def new_in_scope(session: Session, scope: Scope, now: datetime) -> int:
    """How many studyable new cards ``scope`` holds, before daily limits and burying."""
    return (
        session.scalar(_scope_statements(scope, counting=True).new_count, {"now": now, "profile": scope.profile}) or 0
    )


def gather(
    session: Session,
    settings: Settings,
    today: Today,
    now: datetime,
    scope: Scope,
    *,
    whole_day: bool = False,
    counting: bool = False,
) -> Queue:
    """Today's queue for ``scope`` at ``now`` (module doc); ``whole_day`` adds learning cards due later today.

    The lists are filled lazily, in study order, as ``Queue.cards`` is consumed. Rows hold
    ``VIEW_COLUMNS``, or with ``counting`` only the id, deck and note.
    """
    siblings = _Siblings(today)
    queries = _scope_statements(scope, counting)
    bound = {"now": now, "end": today.end, "ahead": now + LEARN_AHEAD, "profile": scope.profile}
    learning = queries.learning_today if whole_day else queries.learning
    return Queue(
        learning=_admitted(_stream(session, learning, bound), siblings, None),
        review=_admitted(
            _stream(session, queries.review, bound), siblings, max(0, settings.reviews_per_day - today.reviews_done)
        ),
        new=_admitted(_stream(session, queries.new, bound), siblings, max(0, settings.new_per_day - today.new_done)),
        ahead=_admitted(_stream(session, queries.ahead, bound), siblings, None),
    )


def count_scope(
    session: Session, settings: Settings, today: Today, now: datetime, scope: Scope
) -> tuple[int, int, int, int]:
    """(learning, review, new, new cards in scope) for one scope: its whole-day queue, walked until the limits."""
    queue = gather(session, settings, today, now, scope, whole_day=True, counting=True)
    learning, review, new = queue.counts()
    return learning, review, new, new_in_scope(session, scope, now)
