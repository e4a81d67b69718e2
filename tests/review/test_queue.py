"""Today's queue: daily limits across the 4 am boundary, burying, suspension, order and filters."""

from __future__ import annotations

from datetime import timedelta

from quizzer.review.service import ReviewService
from quizzer.scheduling.scheduler import Phase
from tests.review.conftest import NOW, MakeService, build_deck

DAY_END = NOW.replace(hour=4) + timedelta(days=1)  # study days start at 04:00 UTC in these tests


def many_notes(count: int, deck_id: str = "d") -> list:
    """A deck with ``count`` notes of one question each (no siblings)."""
    return [build_deck(deck_id, {f"n{i:03}": ["q"] for i in range(count)})]


def ids(cards: list) -> list[str]:
    return [card.card_id for card in cards]


def graduate(service: ReviewService, card_id: str) -> None:
    """Answer Easy: the card goes straight to review, due in days."""
    service.answer(card_id, 4, NOW)


def test_new_cards_are_limited_per_study_day(make_service: MakeService) -> None:
    service = make_service(new_per_day=5)
    service.sync(many_notes(12), NOW)
    queue = service.due_queue(NOW)
    assert ids(queue) == [f"d/n{i:03}/q" for i in range(5)]
    for card in queue:
        graduate(service, card.card_id)
    assert service.due_queue(NOW) == []
    assert service.due_queue(DAY_END - timedelta(seconds=1)) == []  # 3:59:59 is still today
    assert ids(service.due_queue(DAY_END)) == [f"d/n{i:03}/q" for i in range(5, 10)]


def test_reviews_are_limited_per_study_day(make_service: MakeService) -> None:
    service = make_service(new_per_day=100, reviews_per_day=3)
    service.sync(many_notes(6), NOW)
    for card in service.due_queue(NOW):
        graduate(service, card.card_id)
    far = DAY_END + timedelta(days=60)  # all six are due by then
    first = service.due_queue(far)
    assert len(first) == 3 and {card.phase for card in first} == {Phase.REVIEW}
    for card in first:
        service.answer(card.card_id, 3, far)
    assert service.due_queue(far + timedelta(minutes=1)) == []
    assert len(service.due_queue(far + timedelta(days=1))) == 3  # next study day


def test_learning_answers_do_not_count_against_limits(make_service: MakeService) -> None:
    service = make_service(new_per_day=2, reviews_per_day=1)
    service.sync(many_notes(3), NOW)
    service.answer("d/n000/q", 1, NOW)  # new -> learning: counts as one new card
    service.answer("d/n000/q", 1, NOW + timedelta(minutes=1))  # a learning step: counts for nothing
    assert ids(service.due_queue(NOW + timedelta(minutes=2))) == ["d/n000/q", "d/n001/q"]


def test_undoing_an_answer_gives_its_limit_back(make_service: MakeService) -> None:
    service = make_service(new_per_day=1)
    service.sync(many_notes(3), NOW)
    graduate(service, "d/n000/q")
    assert service.due_queue(NOW) == []
    service.undo()
    assert ids(service.due_queue(NOW)) == ["d/n000/q"]


def test_answering_buries_the_other_questions_of_the_note(service: ReviewService) -> None:
    service.sync([build_deck(notes={"a": ["q1", "q2", "q3"], "b": ["q1"]})], NOW)
    assert ids(service.due_queue(NOW)) == ["d/a/q1", "d/b/q1"]  # one question per note at a time
    service.answer("d/a/q1", 3, NOW)  # learning, due again in 10 minutes
    soon = NOW + timedelta(minutes=10)
    assert ids(service.due_queue(soon)) == ["d/a/q1", "d/b/q1"]  # its siblings wait for tomorrow
    service.answer("d/a/q1", 3, soon)
    assert ids(service.due_queue(soon)) == ["d/b/q1"]
    assert ids(service.due_queue(DAY_END)) == ["d/a/q2", "d/b/q1"]


def test_suspended_cards_are_left_out_until_unsuspended(service: ReviewService) -> None:
    service.sync(many_notes(2), NOW)
    service.suspend("d/n000/q")
    assert service.card("d/n000/q").suspended
    assert ids(service.due_queue(NOW)) == ["d/n001/q"]
    assert service.counts(NOW)["d"].new == 1
    service.unsuspend("d/n000/q")
    assert ids(service.due_queue(NOW)) == ["d/n000/q", "d/n001/q"]


def test_a_buried_card_returns_the_next_study_day(service: ReviewService) -> None:
    service.sync(many_notes(2), NOW)
    service.bury("d/n000/q", NOW)
    assert service.card("d/n000/q").buried_until == DAY_END
    assert ids(service.due_queue(NOW)) == ["d/n001/q"]
    assert ids(service.due_queue(DAY_END)) == ["d/n000/q", "d/n001/q"]


def test_order_is_learning_then_reviews_then_new(make_service: MakeService) -> None:
    service = make_service(learning_steps=["1m", "10m"])
    service.sync(many_notes(4), NOW)
    graduate(service, "d/n002/q")  # a review card
    later = service.card("d/n002/q").due
    service.answer("d/n003/q", 1, later - timedelta(hours=1))  # a learning card, due a minute later
    assert [(c.card_id, c.phase) for c in service.due_queue(later)] == [
        ("d/n003/q", Phase.LEARNING),
        ("d/n002/q", Phase.REVIEW),
        ("d/n000/q", Phase.NEW),
        ("d/n001/q", Phase.NEW),
    ]


def test_a_learning_card_due_soon_is_shown_when_nothing_else_is_left(service: ReviewService) -> None:
    service.sync(many_notes(1), NOW)
    service.answer("d/n000/q", 3, NOW)  # due again in 10 minutes
    assert service.due_queue(NOW) == []
    assert service.next_card(NOW).card_id == "d/n000/q"  # within the 20-minute learn-ahead
    assert service.next_card(NOW - timedelta(minutes=11)) is None


def test_decks_and_tags_select_cards(service: ReviewService) -> None:
    tagged = build_deck("a", {"n1": ["q"], "n2": ["q"]}, n2={"tags": ["shapes", "rnn"]})
    service.sync([tagged, build_deck("b", {"n": ["q"]})], NOW)
    assert ids(service.due_queue(NOW, deck_ids=["b"])) == ["b/n/q"]
    assert ids(service.due_queue(NOW, tags=["rnn"])) == ["a/n2/q"]
    assert ids(service.due_queue(NOW, tags=["rn"])) == []  # whole tags only
    assert service.next_card(NOW, deck_ids=["a"], tags=["shapes"]).card_id == "a/n2/q"


def test_counts_per_deck(make_service: MakeService) -> None:
    service = make_service(new_per_day=3)
    service.sync(many_notes(5, "a") + many_notes(1, "b"), NOW)
    service.answer("a/n000/q", 1, NOW)
    graduate(service, "a/n001/q")
    counts = service.counts(NOW)
    assert (counts["a"].new, counts["a"].learning, counts["a"].due) == (1, 1, 0)  # 2 of 3 new used today
    assert (counts["b"].new, counts["b"].learning, counts["b"].due) == (1, 0, 0)
    month = service.counts(DAY_END + timedelta(days=30))["a"]
    assert (month.new, month.learning, month.due) == (3, 1, 1)  # the learning card waits, still learning


def test_a_scope_counts_the_global_new_limit_once(make_service: MakeService) -> None:
    service = make_service(new_per_day=5)
    service.sync([*many_notes(4, "a"), *many_notes(4, "b")], NOW)
    per_deck = service.counts(NOW)
    assert (per_deck["a"].new, per_deck["b"].new) == (4, 4)  # each deck alone could take 4 of the 5
    both = service.scope_counts(NOW, ["a", "b"])
    assert (both.new, both.new_held, both.total) == (5, 3, 5)
    assert both.total == len(service.due_queue(NOW, ["a", "b"]))


def test_scope_counts_include_learning_cards_due_later_today(service: ReviewService) -> None:
    service.sync(many_notes(2), NOW)
    service.answer("d/n000/q", 1, NOW)  # learning, due again in a minute
    counts = service.scope_counts(NOW)
    assert (counts.learning, counts.new, counts.total) == (1, 1, 2)
    assert ids(service.due_queue(NOW)) == ["d/n001/q"]  # not due yet...
    assert ids(service.learning_ahead(NOW)) == ["d/n000/q"]  # ...but within the learn-ahead window


def test_new_cards_held_by_the_limit_and_a_one_day_increase(make_service: MakeService) -> None:
    service = make_service(new_per_day=1)
    service.sync(many_notes(3), NOW)
    graduate(service, "d/n000/q")
    limit = service.new_card_limit(NOW)
    assert (limit.done, limit.limit, limit.reached) == (1, 1, True)
    assert (service.counts(NOW)["d"].new, service.counts(NOW)["d"].new_held) == (0, 2)
    service.allow_more_new(1, NOW)
    assert service.new_card_limit(NOW).limit == 2
    assert ids(service.due_queue(NOW)) == ["d/n001/q"]
    assert ids(service.due_queue(DAY_END)) == ["d/n001/q"]  # the next day has the configured limit again


def test_siblings_of_a_note_answered_today_are_held(service: ReviewService) -> None:
    service.sync([build_deck(notes={"a": ["q1", "q2"]})], NOW)
    graduate(service, "d/a/q1")
    counts = service.counts(NOW)["d"]
    assert (counts.new, counts.new_held) == (0, 1)
    assert not service.new_card_limit(NOW).reached
