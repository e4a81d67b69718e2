"""`quizzer export --anki`: the package round-trips through Anki's own backend (the `anki` package)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageRequest
from typer.testing import CliRunner

from quizzer.cli import app
from quizzer.decks.loader import load_decks
from quizzer.engine import WorkerPool
from quizzer.exporting.anki import FIELDS, export_anki

HERE = Path(__file__).parent
DECK = HERE / "export.yaml"


def imported(package: Path, folder: Path) -> dict[str, dict[str, object]]:
    """The notes of ``package`` as a fresh Anki collection imports them: fields, tags and deck by Id."""
    collection = Collection(str(folder / "collection.anki2"))
    try:
        collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(package)))
        notes = {}
        for note_id in collection.find_notes(""):
            note = collection.get_note(note_id)
            fields = dict(zip(FIELDS, note.fields, strict=True))
            decks = {collection.decks.name(card.did) for card in note.cards()}
            notes[fields["Id"]] = {
                **fields,
                "tags": sorted(note.tags),
                "decks": decks,
                "type": note.note_type()["name"],
            }
        return notes
    finally:
        collection.close()


def test_every_question_becomes_a_note_with_its_live_truth(pool: WorkerPool, tmp_path: Path) -> None:
    target = tmp_path / "export.apkg"
    report = export_anki(load_decks([DECK]), pool, target, per_question=2)
    assert report.failed == [] and report.skipped == [
        "export/gpu/device: skipped, requires device cuda (running on cpu)"
    ]
    notes = imported(target, tmp_path)
    assert sorted(notes) == [
        "export/memory/pinned",
        "export/ops/which",
        "export/ops/write-cat",
        "export/shapes/ones #1",
        "export/shapes/ones #2",
        "export/shapes/zeros",
    ]
    assert report.notes == len(notes)
    zeros = notes["export/shapes/zeros"]
    assert zeros["Prompt"] == "What is `torch.zeros(2, 3).shape`?"
    assert zeros["Answer"] == "(2, 3)" and zeros["Torch"] == "torch.Size([2, 3])"
    assert zeros["Computed"] == report.computed_with and report.computed_with.startswith("torch 2.")
    assert report.computed_with.endswith(" on cpu")
    assert "x = torch.zeros(2, 3)" in str(zeros["Snippet"]) and "two rows and three columns" in str(zeros["Note"])
    assert zeros["tags"] == ["export", "first_steps", "shapes"] and zeros["decks"] == {"quizzer::Export fixture"}
    assert zeros["type"] == "quizzer question"
    instances = [notes["export/shapes/ones #1"], notes["export/shapes/ones #2"]]
    sizes = [re.search(r"torch\.ones\((\d), 4\)", str(note["Prompt"])) for note in instances]
    assert [note["Answer"] for note in instances] == [f"({size[1]}, 4)" for size in sizes if size]
    assert instances[0]["Answer"] != instances[1]["Answer"]  # two instances of the grid, each with its own truth
    which = notes["export/ops/which"]
    assert "1. torch.stack\n2. torch.cat" in str(which["Prompt"]) and which["Answer"] == "2. torch.cat"
    assert notes["export/ops/write-cat"]["Answer"] == "torch.cat([a, b])"
    assert notes["export/memory/pinned"]["Answer"] == "On the CPU, in page-locked memory."
    assert notes["export/memory/pinned"]["Computed"] == ""  # nothing ran for a recall question


def test_an_export_made_again_updates_the_same_notes(pool: WorkerPool, tmp_path: Path) -> None:
    decks = load_decks([DECK])
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    export_anki(decks, pool, first, per_question=1)
    export_anki(decks, pool, second, per_question=1)
    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        for package in (first, second):
            collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(package)))
        assert collection.note_count() == 5
    finally:
        collection.close()


def test_a_failed_write_leaves_the_target_untouched_and_no_temporary(pool: WorkerPool, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    target = folder / "export.apkg"
    target.mkdir(parents=True)  # the final rename fails: a package cannot replace a folder
    (target / "kept.txt").write_text("kept", encoding="utf-8")
    with pytest.raises(OSError):
        export_anki(load_decks([DECK]), pool, target, per_question=1)
    assert (target / "kept.txt").read_text(encoding="utf-8") == "kept"
    assert [path.name for path in folder.iterdir()] == ["export.apkg"]


def test_the_command_writes_the_chosen_deck_and_refuses_unknown_ones(tmp_path: Path) -> None:
    target = tmp_path / "out.apkg"
    args = ["export", "--anki", str(target), "--deck", str(DECK), "--trust", "--instances", "1"]
    done = CliRunner().invoke(app, [*args, "--only", "export"])
    assert done.exit_code == 0, done.stderr
    assert done.stderr.splitlines()[-1].startswith(f"quizzer: wrote 5 notes to {target} (torch ")
    assert len(imported(target, tmp_path)) == 5
    unknown = CliRunner().invoke(app, [*args, "--only", "nope"])
    assert unknown.exit_code == 2 and "--only nope: no such deck id" in unknown.stderr
    neither = CliRunner().invoke(app, ["export"])
    assert neither.exit_code == 2 and "give one of --revlog FILE or --anki FILE.apkg" in neither.stderr
