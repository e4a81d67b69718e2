"""Every deck's counts for the home screen, in a few grouped queries instead of one queue per deck.

A deck's count is what a session on that deck alone would still ask today
(``quizzer.review.queue``); here it is computed without walking the queue. Within one
kind (learning, review, new), the queue admits every card answered today and the first
card of each other note not already claimed, until the kind's limit. So a kind admits
(its cards answered today) + (its distinct notes that are neither answered today nor
claimed by an earlier kind), capped by the limit. Learning cards are few and read as
rows; reviews and new cards are counted in SQL, grouped by deck. One case needs the
walk: when a deck's reviews exceed the limit and some of its new cards share a note
with a due review card, which notes the reviews claim depends on where the limit cuts,
so that deck alone is counted by walking its queue (``count_scope``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select, text, tuple_
from sqlalchemy.orm import Session, aliased

from quizzer.review.queue import LEARNING, Scope, Today, count_scope, studyable
from quizzer.scheduling.phase import Phase
from quizzer.scheduling.settings import Settings
from quizzer.store.models import Card

Counts = tuple[int, int, int, int]  # (learning, review, new, new cards in the deck)
# The decks with cards in them, one index seek per deck (a loose index scan) rather than a walk over every card.
_DECKS = text(
    "WITH RECURSIVE decks(deck) AS ("
    " SELECT min(deck) FROM card WHERE profile_id = :profile AND NOT archived"
    " UNION ALL SELECT (SELECT min(deck) FROM card WHERE profile_id = :profile AND deck > decks.deck AND NOT archived)"
    " FROM decks WHERE decks.deck IS NOT NULL"
    ") SELECT deck FROM decks WHERE deck IS NOT NULL"
)


def _not_in(notes: set[tuple[str, str]]) -> list[ColumnElement[bool]]:
    return [tuple_(Card.deck, Card.note).not_in(sorted(notes))] if notes else []


def count_decks(session: Session, settings: Settings, today: Today, now: datetime, profile: int) -> dict[str, Counts]:
    """Per deck of the profile: (learning, review, new, new cards in the deck), as ``count_scope`` gives."""
    base = studyable(Scope(profile), now)
    decks = session.scalars(_DECKS, {"profile": profile}).all()
    learning_rows = session.execute(
        select(Card.id, Card.deck, Card.note).where(*base, Card.state.in_(LEARNING), Card.due < today.end)
    ).all()
    learning: Counter[str] = Counter()
    claimed: set[tuple[str, str]] = set(today.answered_notes)
    for card_id, deck, note in learning_rows:
        if card_id in today.answered_cards:
            learning[deck] += 1
        elif (deck, note) not in claimed:
            learning[deck] += 1
            claimed.add((deck, note))
    answered: dict[int, Counter[str]] = defaultdict(Counter)  # phase -> deck -> answered cards still due today
    if today.answered_cards:
        due_today = (Card.state == int(Phase.NEW)) | (Card.due < today.end)
        for deck, state in session.execute(
            select(Card.deck, Card.state).where(*base, Card.id.in_(today.answered_cards), due_today)
        ):
            answered[state][deck] += 1
    review_due = and_(Card.state == int(Phase.REVIEW), Card.due < today.end)
    review_notes = dict(
        session.execute(
            select(Card.deck, func.count(Card.note.distinct()))
            .where(*base, review_due, *_not_in(claimed))
            .group_by(Card.deck)
        ).all()
    )
    new_cards = dict(
        session.execute(
            select(Card.deck, func.count()).where(*base, Card.state == int(Phase.NEW)).group_by(Card.deck)
        ).all()
    )
    new_notes = _new_notes(session, base, now, today.end, claimed) if new_cards else {}
    review_left = max(0, settings.reviews_per_day - today.reviews_done)
    new_left = max(0, settings.new_per_day - today.new_done)
    counts: dict[str, Counts] = {}
    for deck in decks:
        reviews = answered[int(Phase.REVIEW)][deck] + review_notes.get(deck, 0)
        free, shared = new_notes.get(deck, (0, 0))
        if reviews > review_left and shared:
            counts[deck] = count_scope(session, settings, today, now, Scope(profile, [deck]))
            continue
        new = min(new_left, answered[int(Phase.NEW)][deck] + free)
        counts[deck] = (learning[deck], min(review_left, reviews), new, new_cards.get(deck, 0))
    return counts


def _new_notes(
    session: Session, base: list[ColumnElement[bool]], now: datetime, end: datetime, claimed: set[tuple[str, str]]
) -> dict[str, tuple[int, int]]:
    """Per deck: new cards' unclaimed notes without a studyable due review card (free), and with one (shared)."""
    other = aliased(Card)
    has_review = exists().where(
        other.profile_id == Card.profile_id,
        other.deck == Card.deck,
        other.note == Card.note,
        other.state == int(Phase.REVIEW),
        other.due < end,
        other.archived == false(),
        other.suspended == false(),
        or_(other.buried_until.is_(None), other.buried_until <= now),
    )
    notes: dict[str, tuple[int, int]] = {}
    for shared in (False, True):
        query = (
            select(Card.deck, func.count(Card.note.distinct()))
            .where(*base, Card.state == int(Phase.NEW), *_not_in(claimed), has_review if shared else ~has_review)
            .group_by(Card.deck)
        )
        for deck, count in session.execute(query).all():
            free, with_review = notes.get(deck, (0, 0))
            notes[deck] = (free, count) if shared else (count, with_review)
    return notes
