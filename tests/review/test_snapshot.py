"""The snapshot of a scope's next question: kept per scope, for one study day, invalidated by any change."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizzer.review.snapshot import KEEP, QuestionSnapshot, SnapshotStore, scope_key

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
END_OF_DAY = datetime(2025, 3, 4, 4, 0, tzinfo=UTC)


def snapshot(card: str = "study/shapes/zeros", left: int = 3) -> QuestionSnapshot:
    return QuestionSnapshot(card, "Study", "shape", "What is `x.shape`?", (), "a shape, e.g. (2, 3)", left)


def test_a_saved_snapshot_comes_back_until_its_study_day_ends(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path / "next.json", "scope")
    store.save(snapshot(), END_OF_DAY)
    assert store.load(NOW) == snapshot()
    assert store.load(END_OF_DAY - timedelta(seconds=1)) == snapshot()
    assert store.load(END_OF_DAY) is None


def test_choices_survive_the_round_trip(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path / "next.json", "scope")
    choice = QuestionSnapshot("d/n/q", "Deck", "choice", "Which?", ("torch.stack", "torch.cat"), "a number", 1)
    store.save(choice, END_OF_DAY)
    assert store.load(NOW) == choice


def test_each_scope_keeps_its_own_and_only_the_latest_few_are_kept(tmp_path: Path) -> None:
    file = tmp_path / "next.json"
    for number in range(KEEP + 2):
        SnapshotStore(file, f"scope-{number}").save(snapshot(f"d/n/q{number}"), END_OF_DAY)
    assert SnapshotStore(file, "scope-0").load(NOW) is None
    assert SnapshotStore(file, "scope-1").load(NOW) is None
    assert SnapshotStore(file, f"scope-{KEEP + 1}").load(NOW) == snapshot(f"d/n/q{KEEP + 1}")
    SnapshotStore(file, "scope-2").save(snapshot("d/n/again"), END_OF_DAY)  # saving again makes it the newest
    SnapshotStore(file, "scope-new").save(snapshot(), END_OF_DAY)
    assert SnapshotStore(file, "scope-2").load(NOW) == snapshot("d/n/again")
    assert SnapshotStore(file, "scope-3").load(NOW) is None


def test_forget_drops_only_this_scope(tmp_path: Path) -> None:
    file = tmp_path / "next.json"
    SnapshotStore(file, "a").save(snapshot("d/n/a"), END_OF_DAY)
    SnapshotStore(file, "b").save(snapshot("d/n/b"), END_OF_DAY)
    SnapshotStore(file, "a").forget()
    assert SnapshotStore(file, "a").load(NOW) is None
    assert SnapshotStore(file, "b").load(NOW) == snapshot("d/n/b")


def test_a_missing_or_damaged_file_means_no_snapshot(tmp_path: Path) -> None:
    file = tmp_path / "next.json"
    assert SnapshotStore(file, "a").load(NOW) is None
    for damaged in (
        "{not json",
        "[1, 2]",
        '{"a": {"valid_until": "soon"}}',
        '{"a": {"valid_until": "2099-01-01T00:00:00+00:00"}}',
    ):
        file.write_text(damaged)
        assert SnapshotStore(file, "a").load(NOW) is None
    SnapshotStore(file, "a").save(snapshot(), END_OF_DAY)  # and a save replaces the damage
    assert SnapshotStore(file, "a").load(NOW) == snapshot()


def test_an_unwritable_folder_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    store = SnapshotStore(blocker / "next.json", "a")
    store.save(snapshot(), END_OF_DAY)
    assert store.load(NOW) is None


def test_same_question_ignores_only_the_count_left() -> None:
    assert snapshot(left=3).same_question(snapshot(left=9))
    assert not snapshot().same_question(snapshot("study/shapes/ones"))
    reworded = QuestionSnapshot(
        "study/shapes/zeros", "Study", "shape", "What is `y.shape`?", (), "a shape, e.g. (2, 3)", 3
    )
    assert not snapshot().same_question(reworded)


def test_the_scope_key_changes_with_anything_the_next_question_depends_on(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text("deck: d\n")
    other = tmp_path / "other.yaml"
    other.write_text("deck: o\n")
    url = "sqlite:///q.sqlite3"
    key = scope_key(url, [deck], ["d"], None)
    assert key == scope_key(url, [deck], ["d"], None) == scope_key(url, [deck], ["d"], [])
    different = {
        scope_key("sqlite:///other.sqlite3", [deck], ["d"], None),
        scope_key(url, [deck, other], ["d"], None),
        scope_key(url, [deck], ["d", "o"], None),
        scope_key(url, [deck], None, None),
        scope_key(url, [deck], ["d"], ["shapes"]),
    }
    assert key not in different and len(different) == 5
    status = deck.stat()
    os.utime(deck, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000))  # edited: same size, newer
    assert scope_key(url, [deck], ["d"], None) != key
    assert scope_key(url, [tmp_path / "gone.yaml"], ["d"], None) is None
