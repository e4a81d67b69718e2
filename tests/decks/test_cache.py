"""The deck cache gives back exactly what parsing gives, and never a stale deck."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizzer.decks import cache
from quizzer.decks.loader import load_deck
from quizzer.decks.problems import DeckInvalid
from tests.conftest import REPO


def snapshot(path: Path) -> tuple:
    deck = load_deck(path)
    return deck.model_dump(), [q.line for _, q in deck.questions()], deck.path


def test_cached_deck_equals_the_parsed_one(tmp_path: Path) -> None:
    deck = tmp_path / "pitfalls.yaml"
    shutil.copy(REPO / "decks" / "pytorch-pitfalls.yaml", deck)
    parsed = snapshot(deck)
    assert len(list(cache.cache_dir().glob("*.json"))) == 1
    assert snapshot(deck) == parsed


def test_an_edited_file_is_parsed_again(tmp_path: Path) -> None:
    deck = tmp_path / "d.yaml"
    shutil.copy(REPO / "tests" / "decks" / "valid" / "typed-expect.yaml", deck)
    load_deck(deck)
    deck.write_text(deck.read_text().replace("expect: 0.3330", "expect: 0.333"))
    assert load_deck(deck).notes[0].questions[0].expect == "0.333"
    deck.write_text(deck.read_text().replace("kind: float", "kind: flaot"))
    with pytest.raises(DeckInvalid):
        load_deck(deck)


def test_a_corrupt_entry_falls_back_to_parsing(tmp_path: Path) -> None:
    deck = tmp_path / "d.yaml"
    shutil.copy(REPO / "tests" / "decks" / "valid" / "every-field.yaml", deck)
    parsed = snapshot(deck)
    for entry in cache.cache_dir().glob("*.json"):
        entry.write_text('{"deck": {"deck": "x"}}')
    assert snapshot(deck) == parsed
