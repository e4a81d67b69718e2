"""Answers: the log row, previews equal to what is applied, leeches, and exact undo of 30 answers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from quizzer.review.errors import UndoConflictError, UnknownCardError
from quizzer.review.service import UNDO_LIMIT, ReviewService
from quizzer.scheduling.scheduler import Phase
from tests.review.conftest import NOW, MakeService, build_deck, sql

TRUTH = {"status": "value", "value": {"type": "shape", "repr": "torch.Size([2, 3])", "data": [2, 3]}}


def tables(db_url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of the card and review_log tables, as stored."""
    return {name: sql(db_url, f"SELECT * FROM {name} ORDER BY id") for name in ("card", "review_log")}


def test_an_answer_is_logged_with_everything(service: ReviewService, db_url: str) -> None:
    service.sync([build_deck()], NOW)
    result = service.answer(
        "d/n1/q1",
        1,
        NOW,
        typed_answer="(3, 2)",
        verdict="wrong",
        truth=TRUTH,
        params={"b": 2, "bi": True},
        seed=2**40,
        device="cuda:0",
        torch_version="2.5.1",
        duration_ms=4200,
    )
    assert result.review_id == 1 and result.rating == 1 and result.reviewed_at == NOW
    assert result.card.phase is Phase.LEARNING and result.interval == timedelta(minutes=1)
    [row] = service.review_details()
    assert row.rating == 1 and row.duration_ms == 4200 and row.state_before == Phase.NEW
    assert (row.typed_answer, row.verdict) == ("(3, 2)", "wrong")
    assert (row.device, row.torch_version) == ("cuda:0", "2.5.1")
    assert row.params_seed == 2**40 and row.reviewed_at == NOW
    assert row.truth == TRUTH and row.params == {"b": 2, "bi": True}
    assert row.sched_before["schedule"]["phase"] == 0 and row.sched_after["schedule"]["phase"] == 1


def test_a_repeated_instance_is_stored_once_and_the_schedule_before_only_when_it_differs(
    service: ReviewService, db_url: str
) -> None:
    service.sync([build_deck()], NOW)
    first = service.answer("d/n1/q1", 3, NOW, truth=TRUTH, params={"b": 2}, device="cpu")
    second = service.answer("d/n1/q1", 3, NOW + timedelta(minutes=1), truth=TRUTH, params={"b": 2}, device="cpu")
    stored = sql(db_url, "SELECT instance_id, sched_before IS NULL AS same FROM review_log ORDER BY id")
    assert [(row["instance_id"], bool(row["same"])) for row in stored] == [(1, False), (1, True)]
    assert sql(db_url, "SELECT count(*) AS n FROM review_instance") == [{"n": 1}]
    details = service.review_details()
    assert details[1].sched_before == details[0].sched_after
    assert [row.review_id for row in details] == [first.review_id, second.review_id]
    service.undo()
    service.undo()
    assert sql(db_url, "SELECT count(*) AS n FROM review_instance") == [{"n": 0}]


def test_preview_equals_the_applied_due_date(service: ReviewService) -> None:
    service.sync([build_deck()], NOW)
    now, ratings = NOW, [3, 3, 3, 3, 3, 2, 4, 1, 3, 3, 3]
    for rating in ratings:
        shown = service.preview("d/n1/q1", now)
        result = service.answer("d/n1/q1", rating, now)
        assert result.card.due == shown[rating]
        now = result.card.due + timedelta(hours=1)
    assert result.interval > timedelta(days=20)  # long enough for fuzz to apply


def test_unknown_card_and_bad_rating_write_nothing(service: ReviewService, db_url: str) -> None:
    service.sync([build_deck()], NOW)
    before = tables(db_url)
    with pytest.raises(UnknownCardError, match="d/n9/q1"):
        service.answer("d/n9/q1", 3, NOW)
    with pytest.raises(ValueError, match="rating"):
        service.answer("d/n1/q1", 0, NOW)
    assert tables(db_url) == before
    assert service.undo() is None


def test_leech_after_8_lapses(service: ReviewService) -> None:
    service.sync([build_deck()], NOW)
    now, leech_at = NOW, []
    service.answer("d/n1/q1", 4, now)  # straight to review
    for _ in range(12):
        now = service.card("d/n1/q1").due
        lapse = service.answer("d/n1/q1", 1, now)  # forgotten: a lapse
        if lapse.became_leech:
            leech_at.append(lapse.card.lapses)
        service.answer("d/n1/q1", 4, now + timedelta(minutes=10))  # relearned
    assert leech_at == [8, 12]
    assert [card.card_id for card in service.leeches()] == ["d/n1/q1"]
    assert service.card("d/n1/q1").leech


def test_undo_30_answers_restores_cards_and_log_exactly(make_service: MakeService, db_url: str) -> None:
    service = make_service(new_per_day=100)
    service.sync([build_deck(notes={f"n{i}": ["q"] for i in range(6)})], NOW)
    snapshots, now = [], NOW
    for index in range(UNDO_LIMIT + 5):
        snapshots.append(tables(db_url))
        card = service.next_card(now) or service.next_card(now := now + timedelta(days=3))
        service.answer(card.card_id, (1, 3, 3, 4, 2)[index % 5], now, typed_answer=str(index), truth=TRUTH)
        now += timedelta(minutes=7)
    assert len(tables(db_url)["review_log"]) == UNDO_LIMIT + 5

    for back in range(1, UNDO_LIMIT + 1):
        restored = service.undo()
        assert restored is not None
        assert tables(db_url) == snapshots[-back]
    assert service.undo() is None  # 30 steps back at most
    assert len(tables(db_url)["review_log"]) == 5


def test_undo_refuses_when_the_card_changed_since(make_service: MakeService) -> None:
    first, second = make_service(), make_service()  # two sessions on one database
    first.sync([build_deck()], NOW)
    first.answer("d/n1/q1", 3, NOW)
    second.answer("d/n1/q1", 3, NOW + timedelta(minutes=10))
    with pytest.raises(UndoConflictError, match="changed after"):
        first.undo()
    assert first.undo() is None  # the conflicting step is dropped
    assert second.undo().reps == 1


def test_undo_gives_back_the_buried_siblings(service: ReviewService) -> None:
    service.sync([build_deck()], NOW)
    service.answer("d/n1/q1", 4, NOW)
    assert [card.card_id for card in service.due_queue(NOW)] == ["d/n2/q1"]
    service.undo()
    assert [card.card_id for card in service.due_queue(NOW)] == ["d/n1/q1", "d/n2/q1"]


def test_undo_restores_the_changed_flag_but_not_across_a_sync(service: ReviewService) -> None:
    service.sync([build_deck()], NOW)
    service.answer("d/n1/q1", 4, NOW)
    later = service.card("d/n1/q1").due
    service.sync([build_deck(prelude="import math")], later)  # flags the card: a change undo must not erase
    service.answer("d/n1/q1", 3, later)
    assert not service.card("d/n1/q1").changed
    restored = service.undo()
    assert restored.changed and restored.phase is Phase.RELEARNING
    with pytest.raises(UndoConflictError):
        service.undo()
