"""The first question of a review on a database not created yet, guessed from the deck cache alone.

On a first start there is no database and no saved question (``quizzer.study.shown``).
Every card is new then, and new cards come in deck order: by deck id, then in file order,
one question per note. The deck cache (``quizzer.decks.cache``) keeps each valid deck
already read, under the hash of its bytes: this module reads those entries as plain JSON
(no YAML parser, no pydantic, no database layer) and builds what the review screen shows
of that first question, so the screen paints it while the decks, the store and the workers
open. It is a guess like the saved question: the session checks it and replaces it when
it differs (a daily limit of 0, a question this device cannot run). A deck missing from the
cache (never read, or with problems) means no guess: the review then opens first.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizzer.decks.cache import cache_key, read_entry
from quizzer.decks.params import draw, fill_ask
from quizzer.study.seeds import review_seed
from quizzer.study.shown import ShownQuestion

SQLITE = "sqlite:///"


@dataclass(frozen=True)
class _Question:
    """A cached question's fields the prompt needs (``quizzer.decks.params.Parametric``)."""

    ask: str
    params: Mapping[str, Sequence[Any]] | None


def cached_decks(deck_files: Iterable[Path]) -> list[dict[str, Any]] | None:
    """Every deck file's cache entry (plain JSON); None when one is missing: not read before, or with problems."""
    decks = []
    for file in deck_files:
        try:
            entry = read_entry(cache_key(Path(file).read_bytes()))
        except OSError:
            return None
        if entry is None or not isinstance(entry.get("deck"), dict):
            return None
        decks.append(entry["deck"])
    return decks


def first_question(
    db_url: str, deck_files: Iterable[Path], deck_ids: Collection[str] | None, tags: Collection[str] | None
) -> ShownQuestion | None:
    """The question a first review of this scope starts with; None unless the database is a SQLite file not created yet."""
    if not db_url.startswith(SQLITE) or Path(db_url.removeprefix(SQLITE)).exists():
        return None
    decks = cached_decks(deck_files)
    if decks is None:
        return None  # the review opens first, and says what is wrong with a deck
    try:
        for deck in sorted(decks, key=lambda deck: str(deck["deck"])):
            if deck_ids is None or deck["deck"] in deck_ids:
                for card_id, question in _new_cards(deck, tags):
                    return _shown(deck, card_id, question)
    except (KeyError, TypeError, ValueError, IndexError):
        return None  # an entry of another shape: no guess
    return None


def _new_cards(deck: dict[str, Any], tags: Collection[str] | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """The deck's questions in study order for new cards: file order, the first one in scope of each note."""
    for note in deck["notes"]:
        for question in note["questions"]:
            if not tags or set(tags) & {*note.get("tags", []), *question.get("tags", [])}:
                yield f"{deck['deck']}/{note['id']}/{question['id']}", question
                break


def _shown(deck: dict[str, Any], card_id: str, question: dict[str, Any]) -> ShownQuestion:
    """What the screen shows of a new card's first review (its seed is the one the session draws)."""
    fields = _Question(question["ask"], question.get("params"))
    prompt = fill_ask(fields, draw(fields, review_seed(card_id, 0)))
    choices = tuple(str(choice) for choice in question.get("choices") or ())
    return ShownQuestion(card_id, deck["title"], str(question["kind"]), prompt, choices, "", None)
