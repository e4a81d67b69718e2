"""Sync cards with decks: one card per question, keyed ``deck/note/question``, history never lost.

Matching, in order: a card whose id is the question's id; else a card that once had
that id (an alias left by a rename); else a card named in the question's ``was`` (as its
current id or an alias). A matched card takes the question's id, deck, note, position
and tags; a card taken through ``was`` is renamed and its old id becomes an alias.
An archived card that matches comes back with its history. A card whose truth hash
changed is flagged and, if it was ever answered, goes back to (re)learning, due now.
Cards of the synced decks that match no question are archived (kept, not scheduled);
with ``complete=True`` the decks are the whole collection and other decks' cards are
archived too. Everything here is one profile's: its cards, aliases and fingerprints.

A deck whose fingerprint (``deck_digest``: its validated content and quizzer's version)
is the one recorded at its last sync is left alone, so a start over many unchanged decks
costs one small query. A sync that archives, restores or renames cards of decks it did not
sync forgets those decks' fingerprints, so they are synced in full next time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from quizzer import __version__
from quizzer.decks.model import Deck, Note, Question
from quizzer.review.tags import tag_text
from quizzer.review.truth import truth_hash
from quizzer.review.views import SyncReport
from quizzer.scheduling.phase import Phase
from quizzer.store.models import Card, CardAlias, DeckSync


@dataclass(frozen=True)
class _Wanted:
    """A question of the decks, as a card should look."""

    key: str
    deck: str
    note: str
    question: str
    position: int
    tags: str
    truth_hash: str
    was: tuple[str, ...]

    def columns(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "deck": self.deck,
            "note": self.note,
            "question": self.question,
            "position": self.position,
            "tags": self.tags,
            "truth_hash": self.truth_hash,
        }


def full_id(deck: Deck, note: Note, earlier: str) -> str:
    """A ``was`` entry (``id``, ``note/id`` or ``deck/note/id``) as a full card id."""
    parts = earlier.split("/")
    prefix = {1: [deck.deck, note.id], 2: [deck.deck], 3: []}.get(len(parts))
    if prefix is None:
        raise ValueError(f"'{earlier}' is not an id, note/id or deck/note/id")
    return "/".join(prefix + parts)


def _wanted(decks: Sequence[Deck]) -> list[_Wanted]:
    wanted: dict[str, _Wanted] = {}
    for deck in decks:
        for position, (note, question) in enumerate(deck.questions()):
            key = deck.question_id(note, question)
            if key in wanted:
                raise ValueError(f"question {key} appears twice in the decks being synced")
            wanted[key] = _entry(deck, note, question, key, position)
    return list(wanted.values())


def _entry(deck: Deck, note: Note, question: Question, key: str, position: int) -> _Wanted:
    return _Wanted(
        key=key,
        deck=deck.deck,
        note=note.id,
        question=question.id,
        position=position,
        tags=tag_text([*note.tags, *question.tags]),
        truth_hash=truth_hash(deck, question),
        was=tuple(full_id(deck, note, earlier) for earlier in question.was),
    )


_Row = Row[*tuple[Any, ...]]  # a stored card's columns, read by name
_COLUMNS = (
    Card.id,
    Card.key,
    Card.deck,
    Card.note,
    Card.question,
    Card.position,
    Card.tags,
    Card.truth_hash,
    Card.archived,
    Card.state,
)


def _stored(
    session: Session, profile: int, wanted: list[_Wanted], aliases: dict[str, int], decks: set[str], complete: bool
) -> list[_Row]:
    """The cards sync may touch: those of the synced decks, and any a question points at (by ``was`` or alias)."""
    query = select(*_COLUMNS).where(Card.profile_id == profile)
    if not complete:
        names = [name for entry in wanted for name in (entry.key, *entry.was)]
        by_alias = {aliases[name] for name in names if name in aliases}
        earlier = {name for entry in wanted for name in entry.was}
        query = query.where(or_(Card.deck.in_(decks), Card.key.in_(earlier), Card.id.in_(by_alias)))
    return list(session.execute(query).all())


def deck_digest(deck: Deck) -> str:
    """The fingerprint of a deck as sync sees it: SHA-256 of quizzer's version and the deck's validated content."""
    return hashlib.sha256(__version__.encode() + b"\0" + deck.model_dump_json().encode()).hexdigest()


def sync_decks(
    session: Session, profile: int, decks: Sequence[Deck], now: datetime, *, complete: bool = False
) -> SyncReport:
    """Bring the profile's cards in line with ``decks`` inside ``session``'s transaction (module doc)."""
    digests = {deck.deck: deck_digest(deck) for deck in decks}
    mine = DeckSync.profile_id == profile
    if not complete:
        query = select(DeckSync.deck, DeckSync.digest).where(mine, DeckSync.deck.in_(digests))
        synced = dict(session.execute(query).all())
        decks = [deck for deck in decks if synced.get(deck.deck) != digests[deck.deck]]
        if not decks:
            return SyncReport()
    report = _sync(session, profile, decks, now, complete)
    names = {deck.deck for deck in decks}
    touched = {
        key.split("/", 1)[0] for key in [*report.archived, *report.restored, *(old for old, _ in report.renamed)]
    }
    session.execute(delete(DeckSync).where(mine, DeckSync.deck.in_(names | touched)))
    if names:
        rows = [{"profile_id": profile, "deck": name, "digest": digests[name]} for name in sorted(names)]
        session.execute(insert(DeckSync), rows)
    return report


def _sync(session: Session, profile: int, decks: Sequence[Deck], now: datetime, complete: bool) -> SyncReport:
    wanted = _wanted(decks)
    deck_ids = {deck.deck for deck in decks}
    query = select(CardAlias.alias, CardAlias.card_id).where(CardAlias.profile_id == profile)
    aliases = dict(session.execute(query).all())
    cards = {card.id: card for card in _stored(session, profile, wanted, aliases, deck_ids, complete)}
    by_key = {card.key: card for card in cards.values()}
    matched: dict[int, _Wanted] = {}
    unmatched: list[_Wanted] = []
    for entry in wanted:
        if entry.key in by_key:
            matched[by_key[entry.key].id] = entry
        else:
            unmatched.append(entry)
    report = SyncReport()
    new: list[_Wanted] = []
    for entry in unmatched:
        found = _history(entry, by_key, aliases, matched)
        if found is None:
            new.append(entry)
        else:
            matched[found] = entry
            report.renamed.append((cards[found].key, entry.key))
    _update_matched(session, profile, cards, matched, aliases, now, report)
    _archive_missing(session, cards, matched, deck_ids, complete, report)
    _insert_new(session, profile, new, aliases, now, report)
    return report


def _history(
    entry: _Wanted, by_key: dict[str, _Row], aliases: dict[str, int], matched: dict[int, _Wanted]
) -> int | None:
    """The unmatched card that holds this question's history, if any."""
    candidates = [aliases.get(entry.key)]
    for earlier in entry.was:
        candidates += [by_key[earlier].id if earlier in by_key else None, aliases.get(earlier)]
    return next((card_id for card_id in candidates if card_id is not None and card_id not in matched), None)


def _update_matched(
    session: Session,
    profile: int,
    cards: dict[int, _Row],
    matched: dict[int, _Wanted],
    aliases: dict[str, int],
    now: datetime,
    report: SyncReport,
) -> None:
    changes: list[dict[str, Any]] = []
    for card_id, entry in matched.items():
        card = cards[card_id]
        values = {name: value for name, value in entry.columns().items() if getattr(card, name) != value}
        if card.archived:
            values["archived"] = False
            report.restored.append(entry.key)
        if "truth_hash" in values and card.state != Phase.NEW:
            values.update(_back_to_learning(Phase(card.state), now))
            report.changed.append(entry.key)
        if "key" in values:
            _move_alias(session, profile, card.key, entry.key, card_id, aliases)
        if values:
            changes.append({"id": card_id, **values})
    if changes:
        session.execute(update(Card), changes)


def _back_to_learning(phase: Phase, now: datetime) -> dict[str, Any]:
    """A card whose truth changed: flagged, and from the first step of (re)learning, due now."""
    again = Phase.LEARNING if phase is Phase.LEARNING else Phase.RELEARNING
    return {"flagged_changed": True, "state": int(again), "step": 0, "due": now}


def _move_alias(
    session: Session, profile: int, old_key: str, new_key: str, card_id: int, aliases: dict[str, int]
) -> None:
    """Record ``old_key`` as an alias of the card now called ``new_key`` (a live id is never an alias)."""
    if new_key in aliases:
        session.execute(delete(CardAlias).where(CardAlias.profile_id == profile, CardAlias.alias == new_key))
        del aliases[new_key]
    session.add(CardAlias(profile_id=profile, alias=old_key, card_id=card_id))
    aliases[old_key] = card_id


def _archive_missing(
    session: Session,
    cards: dict[int, _Row],
    matched: dict[int, _Wanted],
    synced_decks: set[str],
    complete: bool,
    report: SyncReport,
) -> None:
    gone = [
        card
        for card in cards.values()
        if card.id not in matched and not card.archived and (complete or card.deck in synced_decks)
    ]
    if gone:
        session.execute(update(Card), [{"id": card.id, "archived": True} for card in gone])
        report.archived.extend(card.key for card in gone)


def _insert_new(
    session: Session, profile: int, new: list[_Wanted], aliases: dict[str, int], now: datetime, report: SyncReport
) -> None:
    if not new:
        return
    taken = [entry.key for entry in new if entry.key in aliases]
    if taken:  # the id now names a new question; the old card keeps its other names
        session.execute(delete(CardAlias).where(CardAlias.profile_id == profile, CardAlias.alias.in_(taken)))
    session.execute(
        insert(Card),
        [
            {**entry.columns(), "profile_id": profile, "state": int(Phase.NEW), "due": now, "created_at": now}
            for entry in new
        ],
    )
    report.added.extend(entry.key for entry in new)
