"""Sync: stable ids, history kept across wording edits, renames, archiving and return; changed truths flagged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from quizzer.review.errors import UnknownCardError
from quizzer.review.service import ReviewService
from quizzer.review.views import SyncReport
from quizzer.scheduling.scheduler import Phase
from tests.review.conftest import NOW, build_deck, question, sql


def reviews_of(db_url: str, card_id: str) -> int:
    statement = "SELECT count(*) AS n FROM review_log JOIN card ON card.id = review_log.card_id WHERE card.key = :key"
    return int(sql(db_url, statement, key=card_id)[0]["n"])


def answered(service: ReviewService, card_id: str, times: int = 3) -> None:
    """Answer a card Good ``times`` times, each when due (it ends in the review phase)."""
    now = NOW
    for _ in range(times):
        now = max(now, service.card(card_id).due)
        service.answer(card_id, 3, now)


def test_questions_become_cards(service: ReviewService) -> None:
    report = service.sync([build_deck()], NOW)
    assert report.added == ["d/n1/q1", "d/n1/q2", "d/n2/q1"]
    card = service.card("d/n1/q2")
    assert (card.deck, card.note, card.question, card.phase, card.due) == ("d", "n1", "q2", Phase.NEW, NOW)
    assert service.sync([build_deck()], NOW).added == []  # idempotent


def test_a_wording_edit_keeps_history(service: ReviewService, db_url: str) -> None:
    service.sync([build_deck()], NOW)
    answered(service, "d/n1/q1")
    before = service.card("d/n1/q1")
    edited = build_deck(notes={"n1": [question("q1", ask="rephrased", tags=["new-tag"]), "q2"], "n2": ["q1"]})
    report = service.sync([edited], NOW)
    assert report.changed == [] and report.added == []
    assert service.card("d/n1/q1") == before
    assert reviews_of(db_url, "d/n1/q1") == 3


@pytest.mark.parametrize("was", ["q1", "n1/q1", "d/n1/q1"])
def test_was_carries_history_across_a_rename(service: ReviewService, db_url: str, was: str) -> None:
    service.sync([build_deck()], NOW)
    answered(service, "d/n1/q1")
    reps = service.card("d/n1/q1").reps
    renamed = build_deck(notes={"n1": [question("first", was=[was]), "q2"], "n2": ["q1"]})
    report = service.sync([renamed], NOW)
    assert report.renamed == [("d/n1/q1", "d/n1/first")]
    assert report.added == [] and report.archived == []
    assert service.card("d/n1/first").reps == reps
    assert reviews_of(db_url, "d/n1/first") == 3
    with pytest.raises(UnknownCardError):
        service.card("d/n1/q1")


def test_was_moves_a_question_to_another_deck_and_note(service: ReviewService) -> None:
    service.sync([build_deck()], NOW)
    answered(service, "d/n2/q1")
    moved = build_deck("e", {"m": [question("q", was=["d/n2/q1"])]})
    report = service.sync([build_deck(notes={"n1": ["q1", "q2"]}), moved], NOW)
    assert report.renamed == [("d/n2/q1", "e/m/q")]
    assert service.card("e/m/q").reps == 3


def test_renaming_back_finds_the_card_through_its_alias(service: ReviewService) -> None:
    service.sync([build_deck()], NOW)
    answered(service, "d/n1/q1")
    service.sync([build_deck(notes={"n1": [question("first", was=["q1"]), "q2"], "n2": ["q1"]})], NOW)
    report = service.sync([build_deck()], NOW)  # the old id is back, without any `was`
    assert report.renamed == [("d/n1/first", "d/n1/q1")] and report.added == []
    assert service.card("d/n1/q1").reps == 3


def test_was_does_not_steal_a_card_still_in_the_deck(service: ReviewService) -> None:
    service.sync([build_deck()], NOW)
    answered(service, "d/n1/q1")
    copied = build_deck(notes={"n1": ["q1", "q2", question("copy", was=["q1"])], "n2": ["q1"]})
    report = service.sync([copied], NOW)
    assert report.added == ["d/n1/copy"] and report.renamed == []
    assert service.card("d/n1/copy").reps == 0


def test_a_removed_question_is_archived_and_returns_with_its_history(service: ReviewService, db_url: str) -> None:
    service.sync([build_deck()], NOW)
    answered(service, "d/n2/q1")
    report = service.sync([build_deck(notes={"n1": ["q1", "q2"]})], NOW)
    assert report.archived == ["d/n2/q1"]
    assert service.card("d/n2/q1").archived
    later = NOW + timedelta(days=400)
    assert "d/n2/q1" not in [card.card_id for card in service.due_queue(later)]
    assert reviews_of(db_url, "d/n2/q1") == 3

    report = service.sync([build_deck()], NOW)
    assert report.restored == ["d/n2/q1"] and report.added == []
    card = service.card("d/n2/q1")
    assert not card.archived and card.reps == 3 and card.phase is Phase.REVIEW
    assert "d/n2/q1" in [card.card_id for card in service.due_queue(later)]


def test_only_synced_decks_lose_cards_unless_complete(service: ReviewService) -> None:
    service.sync([build_deck("a"), build_deck("b")], NOW)
    assert service.sync([build_deck("a")], NOW).archived == []
    assert service.sync([build_deck("a")], NOW, complete=True).archived == ["b/n1/q1", "b/n1/q2", "b/n2/q1"]


@pytest.mark.parametrize(
    "change",
    [
        {"setup": "x = 2"},
        {"answer": "x + 0"},
        {"kind": "float"},
        {"params": {"n": [1, 2]}, "ask": "what is {n}?"},
    ],
)
def test_a_changed_truth_is_flagged_and_relearned(service: ReviewService, change: dict) -> None:
    service.sync([build_deck()], NOW)
    answered(service, "d/n1/q1")
    assert service.card("d/n1/q1").phase is Phase.REVIEW
    later = NOW + timedelta(days=1)
    report = service.sync([build_deck(notes={"n1": [question("q1", **change), "q2"], "n2": ["q1"]})], later)
    assert report.changed == ["d/n1/q1"]
    card = service.card("d/n1/q1")
    assert (card.changed, card.phase, card.due, card.reps) == (True, Phase.RELEARNING, later, 3)
    assert service.next_card(later).card_id == "d/n1/q1"
    result = service.answer("d/n1/q1", 3, later)
    assert not result.card.changed  # answered against the new truth


def test_a_changed_prelude_changes_every_truth_of_the_deck(service: ReviewService) -> None:
    service.sync([build_deck()], NOW)
    answered(service, "d/n1/q1")
    report = service.sync([build_deck(prelude="import math")], NOW)
    assert report.changed == ["d/n1/q1"]  # the others were never answered: nothing to relearn
    assert not service.card("d/n1/q2").changed


def test_whitespace_around_code_is_no_change(service: ReviewService) -> None:
    service.sync([build_deck()], NOW)
    answered(service, "d/n1/q1")
    spaced = build_deck(notes={"n1": [question("q1", setup="x = 1\n\n", answer=" x "), "q2"], "n2": ["q1"]})
    assert service.sync([spaced], NOW).changed == []


def test_a_question_twice_in_the_synced_decks_is_refused(service: ReviewService) -> None:
    with pytest.raises(ValueError, match="d/n1/q1 appears twice"):
        service.sync([build_deck(), build_deck()], NOW)


def test_an_unchanged_deck_is_not_synced_again(service: ReviewService, db_url: str) -> None:
    service.sync([build_deck("a"), build_deck("b")], NOW)
    engine = create_engine(db_url)
    with engine.begin() as connection:  # only a full sync would undo this
        connection.execute(text("UPDATE card SET position = 99 WHERE deck = 'a'"))
    engine.dispose()
    assert service.sync([build_deck("a"), build_deck("b")], NOW) == SyncReport()
    assert sql(db_url, "SELECT DISTINCT position FROM card WHERE deck = 'a'") == [{"position": 99}]
    edited = build_deck("a", notes={"n1": ["q1"], "n2": ["q1"]})  # a/n1/q2 removed
    assert service.sync([edited, build_deck("b")], NOW).archived == ["a/n1/q2"]


def test_a_deck_archived_by_a_complete_sync_is_synced_again(service: ReviewService) -> None:
    service.sync([build_deck("a"), build_deck("b")], NOW)
    assert sorted(service.sync([build_deck("b")], NOW, complete=True).archived) == ["a/n1/q1", "a/n1/q2", "a/n2/q1"]
    assert sorted(service.sync([build_deck("a"), build_deck("b")], NOW).restored) == [
        "a/n1/q1",
        "a/n1/q2",
        "a/n2/q1",
    ]


def test_a_complete_sync_of_no_decks_archives_everything(service: ReviewService) -> None:
    service.sync([build_deck("a")], NOW)
    assert len(service.sync([], NOW, complete=True).archived) == 3
    assert len(service.sync([build_deck("a")], NOW).restored) == 3
