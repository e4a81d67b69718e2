"""`--fix`/`--create` edit decks in place, changing only the targeted expect lines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from quizzer.checking.fixer import ExpectEdit, FixRefused, apply_edits, yaml_scalar

HERE = Path(__file__).parent


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "fixme.yaml"
    shutil.copy(HERE / "fix-before.yaml", path)
    return path


def test_fix_and_create_touch_only_those_lines(deck: Path) -> None:
    changed = apply_edits(
        [
            ExpectEdit(deck, "n", "plain", "(2, 3)"),
            ExpectEdit(deck, "n", "missing", "float32"),
            ExpectEdit(deck, "n", "per-device", "cpu", key="default"),
        ]
    )
    assert changed == [deck]
    assert deck.read_text() == (HERE / "fix-after.yaml").read_text()


def test_rewriting_the_same_value_changes_nothing(deck: Path) -> None:
    assert apply_edits([ExpectEdit(deck, "n", "fine", "(4,)")]) == []
    assert deck.read_text() == (HERE / "fix-before.yaml").read_text()


def test_unknown_question_is_refused_and_file_kept(deck: Path) -> None:
    with pytest.raises(FixRefused, match="no question n/nope"):
        apply_edits([ExpectEdit(deck, "n", "nope", "1")])
    assert deck.read_text() == (HERE / "fix-before.yaml").read_text()


def test_multiline_expect_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    text = (
        (HERE / "fix-before.yaml")
        .read_text()
        .replace('expect: "(3, 2)"     # wrong on purpose', "expect: (3,\n          2)")
    )
    path.write_text(text)
    with pytest.raises(FixRefused, match="several lines"):
        apply_edits([ExpectEdit(path, "n", "plain", "(2, 3)")])
    assert path.read_text() == text


def test_one_line_question_cannot_get_a_new_key(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "deck: d\ntitle: D\nnotes:\n  - id: n\n    title: N\n    questions:\n"
        "      - {id: q, ask: 'What is torch.ones(2).shape?', answer: torch.ones(2).shape, kind: shape}\n"
    )
    with pytest.raises(FixRefused, match="add it by hand"):
        apply_edits([ExpectEdit(path, "n", "q", "(2,)")])


@pytest.mark.parametrize(
    "text",
    ["float32", "(2, 3)", "True", "3", "0.3330", "a: b", "it's", 'say "hi"', "#x", "", " pad", "[1, 2]", "{}", "é"],
)
@pytest.mark.parametrize("flow", [False, True])
def test_yaml_scalar_reads_back_as_the_same_string(text: str, flow: bool) -> None:
    scalar = yaml_scalar(text, flow=flow)
    document = f"k: {{v: {scalar}, w: 1}}" if flow else f"k: {{}}\nv: {scalar}"
    loaded = YAML(typ="safe").load(document)
    assert (loaded["k"]["v"] if flow else loaded["v"]) == text
