"""The home screen's per-deck counts (grouped SQL) equal each deck's own queue walked card by card."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from tests.review.conftest import NOW, MakeService, build_deck


def decks(rng: random.Random) -> list:
    """Three decks of notes with one to three questions each."""
    return [
        build_deck(deck, {f"n{n}": [f"q{q}" for q in range(rng.randint(1, 3))] for n in range(rng.randint(3, 9))})
        for deck in ("a", "b", "c")
    ]


@pytest.mark.parametrize("seed", range(6))
def test_counts_equal_each_decks_walked_queue(make_service: MakeService, seed: int) -> None:
    rng = random.Random(seed)
    service = make_service(new_per_day=rng.choice([1, 3, 20]), reviews_per_day=rng.choice([0, 1, 2, 50]))
    all_decks = decks(rng)
    service.sync(all_decks, NOW)
    keys = [deck.question_id(note, question) for deck in all_decks for note, question in deck.questions()]
    now = NOW
    for step in range(60):
        card = rng.choice(keys)
        action = rng.random()
        if action < 0.05:
            service.suspend(card)
        elif action < 0.1:
            service.bury(card, now)
        else:
            service.answer(card, rng.choice([1, 3, 3, 4]), now)
        now += timedelta(minutes=rng.choice([1, 10, 120, 60 * 24, 60 * 24 * 5]))
        if step % 5 == 0:
            per_deck = service.counts(now)
            assert per_deck == {deck: service.scope_counts(now, [deck]) for deck in ("a", "b", "c")}, step
