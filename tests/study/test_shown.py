"""The saved copy of a scope's next question: kept per scope, for one study day, kept across deck edits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizzer.study.shown import KEEP, NextQuestionFile, ShownQuestion, scope_key

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
END_OF_DAY = datetime(2025, 3, 4, 4, 0, tzinfo=UTC)


def shown(card: str = "study/shapes/zeros", left: int = 3) -> ShownQuestion:
    return ShownQuestion(card, "Study", "shape", "What is `x.shape`?", (), "a shape, e.g. (2, 3)", left)


def test_a_saved_question_comes_back_until_its_study_day_ends(tmp_path: Path) -> None:
    store = NextQuestionFile(tmp_path / "next.json", "scope")
    store.save(shown(), END_OF_DAY)
    assert store.load(NOW) == shown()
    assert store.load(END_OF_DAY - timedelta(seconds=1)) == shown()
    assert store.load(END_OF_DAY) is None


def test_choices_survive_the_round_trip(tmp_path: Path) -> None:
    store = NextQuestionFile(tmp_path / "next.json", "scope")
    choice = ShownQuestion("d/n/q", "Deck", "choice", "Which?", ("torch.stack", "torch.cat"), "a number", 1)
    store.save(choice, END_OF_DAY)
    assert store.load(NOW) == choice


def test_each_scope_keeps_its_own_and_only_the_latest_few_are_kept(tmp_path: Path) -> None:
    file = tmp_path / "next.json"
    for number in range(KEEP + 2):
        NextQuestionFile(file, f"scope-{number}").save(shown(f"d/n/q{number}"), END_OF_DAY)
    assert NextQuestionFile(file, "scope-0").load(NOW) is None
    assert NextQuestionFile(file, "scope-1").load(NOW) is None
    assert NextQuestionFile(file, f"scope-{KEEP + 1}").load(NOW) == shown(f"d/n/q{KEEP + 1}")
    NextQuestionFile(file, "scope-2").save(shown("d/n/again"), END_OF_DAY)  # saving again makes it the newest
    NextQuestionFile(file, "scope-new").save(shown(), END_OF_DAY)
    assert NextQuestionFile(file, "scope-2").load(NOW) == shown("d/n/again")
    assert NextQuestionFile(file, "scope-3").load(NOW) is None


def test_forget_drops_only_this_scope(tmp_path: Path) -> None:
    file = tmp_path / "next.json"
    NextQuestionFile(file, "a").save(shown("d/n/a"), END_OF_DAY)
    NextQuestionFile(file, "b").save(shown("d/n/b"), END_OF_DAY)
    NextQuestionFile(file, "a").forget()
    assert NextQuestionFile(file, "a").load(NOW) is None
    assert NextQuestionFile(file, "b").load(NOW) == shown("d/n/b")


def test_a_missing_or_damaged_file_means_no_saved_question(tmp_path: Path) -> None:
    file = tmp_path / "next.json"
    assert NextQuestionFile(file, "a").load(NOW) is None
    for damaged in (
        "{not json",
        "[1, 2]",
        '{"a": {"valid_until": "soon"}}',
        '{"a": {"valid_until": "2099-01-01T00:00:00+00:00"}}',
    ):
        file.write_text(damaged)
        assert NextQuestionFile(file, "a").load(NOW) is None
    NextQuestionFile(file, "a").save(shown(), END_OF_DAY)  # and a save replaces the damage
    assert NextQuestionFile(file, "a").load(NOW) == shown()


def test_an_unwritable_folder_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    store = NextQuestionFile(blocker / "next.json", "a")
    store.save(shown(), END_OF_DAY)
    assert store.load(NOW) is None


def test_same_question_ignores_only_the_count_left() -> None:
    assert shown(left=3).same_question(shown(left=9))
    assert not shown().same_question(shown("study/shapes/ones"))
    reworded = ShownQuestion(
        "study/shapes/zeros", "Study", "shape", "What is `y.shape`?", (), "a shape, e.g. (2, 3)", 3
    )
    assert not shown().same_question(reworded)


def test_the_scope_key_names_the_scope_and_survives_a_deck_edit(tmp_path: Path) -> None:
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
    deck.write_text("deck: d\ntitle: edited\n")  # the saved question stays a guess: the session checks it
    assert scope_key(url, [deck], ["d"], None) == key
    assert scope_key(url, [tmp_path / "gone.yaml"], ["d"], None) is None


def test_a_write_replaces_the_file_whole(tmp_path: Path) -> None:
    file = tmp_path / "next.json"
    NextQuestionFile(file, "a").save(shown(), END_OF_DAY)
    assert [path.name for path in tmp_path.iterdir()] == ["next.json"]  # no temporary file left behind
