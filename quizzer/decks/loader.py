"""Loading deck files: read, parse, validate and check, collecting every problem of every file."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from quizzer.decks import cache, semantics
from quizzer.decks.model import Deck
from quizzer.decks.problems import DeckInvalid, Problem
from quizzer.decks.search import deck_files
from quizzer.decks.validation import validate
from quizzer.decks.yaml_source import Source, read_bytes, read_source


def load_deck(path: Path) -> Deck:
    """Load one deck file; raise DeckInvalid with every problem found in it."""
    deck, problems = _load(path)
    if problems or deck is None:
        raise DeckInvalid(problems)
    return deck


def load_decks(paths: Iterable[Path]) -> list[Deck]:
    """Load deck files and folders (searched for *.yaml/*.yml); raise DeckInvalid with all problems.

    Every file is read even when an earlier one is broken, and a deck id used by two
    files is a problem of the second.
    """
    decks: list[Deck] = []
    problems: list[Problem] = []
    first_file: dict[str, Path] = {}
    for path in deck_files(paths):
        deck, found = _load(path)
        problems += found
        if deck is None:
            continue
        if deck.deck in first_file:
            problems.append(Problem(path, 1, 1, f"duplicate deck id '{deck.deck}' (also in {first_file[deck.deck]})"))
            continue
        first_file[deck.deck] = path
        decks.append(deck)
    if problems:
        raise DeckInvalid(problems)
    return decks


def deck_warnings(path: Path) -> list[Problem]:
    """Likely mistakes in a deck file that do not stop it from loading (``semantics.warnings``); for `lint`."""
    source, _ = read_source(path)
    return semantics.warnings(source) if source is not None else []


def _load(path: Path) -> tuple[Deck | None, list[Problem]]:
    """The file is read once: the cache key, the parse and the trust digest all come from the same bytes."""
    data, problem = read_bytes(path)
    if data is None:
        return None, [problem] if problem else []
    deck, problems = load_bytes(path, data)
    return deck, problems


def load_bytes(path: Path, data: bytes) -> tuple[Deck | None, list[Problem]]:
    """Parse, validate and check ``data`` as the deck file ``path`` (its bytes, read by the caller)."""
    key = cache.cache_key(data)
    deck = cache.load_cached(key, path)
    if deck is None:
        source, problems = read_source(path, data)
        if source is None:
            return None, problems
        deck, problems = validate(source)
        problems += semantics.check(source)
        if deck is None or problems:
            return None, problems
        _attach_positions(deck, source)
        cache.store(key, deck)
    deck._sha256 = hashlib.sha256(data).hexdigest()
    return deck, []


def _attach_positions(deck: Deck, source: Source) -> None:
    deck._path = source.path
    for n, note in enumerate(deck.notes):
        for q, question in enumerate(note.questions):
            question._line = source.value_position(("notes", n, "questions", q))[0]
