"""`quizzer new`: a starting deck that lints clean and passes `check`, never written over a file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizzer.cli import app
from quizzer.decks import trust
from quizzer.decks.loader import load_deck

QUIZZER = Path(sys.executable).parent / "quizzer"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_new_deck_lints_clean_and_passes_check(tmp_path: Path) -> None:
    path = tmp_path / "decks" / "My Tensors.yaml"
    created = run("new", str(path))
    assert created.exit_code == 0, created.output
    assert (
        created.stdout.splitlines()[0] == f"created {path}: deck 'my-tensors' with one note and two example questions"
    )
    assert path.read_text().startswith("# yaml-language-server: $schema=deck.schema.json\n")
    deck = load_deck(path)
    questions = [question for _, question in deck.questions()]
    assert deck.deck == "my-tensors" and len(deck.notes) == 1 and len(questions) == 2
    assert len({question.kind for question in questions}) == 2
    assert any(question.params and question.rule for question in questions)
    assert run("lint", "--strict", str(path)).exit_code == 0
    environment = {key: value for key, value in os.environ.items() if key != "CI"}
    check = subprocess.run([QUIZZER, "check", str(path)], capture_output=True, text=True, env=environment, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr  # no --trust: quizzer trusted what it wrote
    assert check.stdout.strip().splitlines()[-1] == "2 passed, 0 failed, 0 errors, 0 skipped"


def test_new_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("my own words\n")
    result = run("new", str(path))
    assert result.exit_code == 2 and f"{path} exists" in result.stderr
    assert path.read_text() == "my own words\n"
    assert not trust.is_trusted(path)


def test_deck_id_option_and_a_new_deck_in_the_decks_folder(isolated_dirs: Path) -> None:
    path = isolated_dirs / "data" / "quizzer" / "decks" / "x.yml"
    result = run("new", str(path), "--deck-id", "shapes-101")
    assert result.exit_code == 0 and load_deck(path).deck == "shapes-101"
    assert "trusted" not in result.stdout  # the decks folder is trusted already: nothing recorded
    assert trust.is_trusted(path)


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("deck.txt", [], "ends in .yaml or .yml"),
        ("__.yaml", [], "gives no deck id: pass --deck-id"),
        ("ok.yaml", ["--deck-id", "Not_An_Id"], "--deck-id 'Not_An_Id': ids use only"),
    ],
)
def test_bad_names_are_usage_errors(tmp_path: Path, name: str, args: list[str], message: str) -> None:
    result = run("new", str(tmp_path / name), *args)
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / name).exists()
