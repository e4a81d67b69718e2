"""Valid decks load clean, with positions, effective requirements and per-device expects."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from quizzer.decks.loader import load_deck, load_decks
from quizzer.decks.model import json_schema
from quizzer.decks.problems import DeckInvalid
from tests.conftest import REPO

VALID = Path(__file__).parent / "valid"
SHIPPED = sorted((REPO / "decks").glob("*.yaml"))


def test_full_featured_deck_loads_every_field() -> None:
    deck = load_deck(VALID / "every-field.yaml")
    pairs = list(deck.questions())
    assert [deck.question_id(n, q) for n, q in pairs] == [
        "every-field/shapes/hn-shape",
        "every-field/shapes/hn-shape-any",
        "every-field/shapes/which-op",
        "every-field/devices/where",
        "every-field/devices/recall-it",
    ]
    hn, any_shape, which, where, recall = (q for _, q in pairs)
    assert hn.line == 16 and hn.expect == "(2, 3, 20)" and hn.was == ["old-hn-shape"]
    assert any_shape.params == {"L": [1, 2], "bi": [True, False], "b": [2]} and any_shape.rule
    assert which.choices == ["torch.cat", "torch.stack"] and which.expect == "1"
    assert where.expect == {"default": "cpu", "cuda": "cuda:0", "torch<2.0": "cpu"}
    assert recall.kind == "recall"
    note, _ = pairs[3]
    assert deck.requirements(note, where).device == "cuda"
    assert deck.requirements(note, where).torch == ">=2.0"


def test_non_string_expect_keeps_the_text_as_typed() -> None:
    deck = load_deck(VALID / "every-field.yaml")
    floats = [q for _, q in deck.questions() if q.id == "hn-shape-any"]
    assert floats and deck.path == VALID / "every-field.yaml"
    _, scalar = next((n, q) for n, q in load_deck(VALID / "typed-expect.yaml").questions())
    assert scalar.expect == "0.3330"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_decks_lint_clean_and_declare_the_schema(path: Path) -> None:
    load_deck(path)
    assert path.read_text().startswith("# yaml-language-server: $schema=deck.schema.json\n")


@pytest.mark.parametrize("path", [*SHIPPED, *sorted(VALID.glob("*.yaml"))], ids=lambda p: p.stem)
def test_decks_validate_against_the_json_schema(path: Path) -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())
    document = json.loads(json.dumps(YAML(typ="safe").load(path.read_text())))
    jsonschema.validate(document, json_schema())


def test_committed_schema_file_is_the_generated_one() -> None:
    assert json.loads((REPO / "decks" / "deck.schema.json").read_text()) == json_schema()


def test_same_deck_id_in_two_files_is_a_problem(tmp_path: Path) -> None:
    text = (VALID / "typed-expect.yaml").read_text()
    (tmp_path / "a.yaml").write_text(text)
    (tmp_path / "b.yml").write_text(text)
    with pytest.raises(DeckInvalid) as raised:
        load_decks([tmp_path])
    [problem] = raised.value.problems
    assert problem.path == tmp_path / "b.yml" and problem.line == 1
    assert "duplicate deck id 'typed-expect'" in problem.message and "a.yaml" in problem.message


def test_every_broken_file_is_reported_not_only_the_first(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("deck: a\n")
    (tmp_path / "b.yaml").write_text("- not a mapping\n")
    with pytest.raises(DeckInvalid) as raised:
        load_decks([tmp_path])
    assert {p.path.name for p in raised.value.problems} == {"a.yaml", "b.yaml"}


def test_unquoted_numbers_in_a_one_line_expect_mapping_keep_their_text(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text(
        "deck: flow\ntitle: Flow\nnotes:\n  - id: n\n    title: N\n    questions:\n"
        "      - id: q\n        ask: What is round(1 / 3, 4)?\n        answer: round(1 / 3, 4)\n"
        "        kind: float\n        expect: {default: 0.3330, cuda: 0.333}  # per device\n"
    )
    [(_, question)] = list(load_deck(path).questions())
    assert question.expect == {"default": "0.3330", "cuda": "0.333"}
