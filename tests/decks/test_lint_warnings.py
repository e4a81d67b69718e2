"""Lint warnings: likely mistakes reported by `quizzer lint` that fail it only with --strict."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from quizzer.cli import app
from quizzer.decks.loader import deck_warnings, load_deck

DECK = """\
deck: names
title: Names
prelude: |
  import torch
notes:
  - id: n
    title: N
    questions:
      - id: undefined
        ask: "x = torch.ones(3). What is y.shape?"
        setup: |
          x = torch.ones(3)
        answer: x.shape
        kind: shape
        expect: "(3,)"
      - id: defined
        ask: "What is [t.shape[0] for t in torch.ones({n}).split(2)], i.e. the sizes of x.split(2)?"
        params: {n: [5]}
        setup: |
          x = torch.ones(n)
        answer: "[t.shape[0] for t in x.split(2)]"
        kind: value
        rule: "[2] * (n // 2) + [n % 2]"
"""


def test_a_name_the_prompt_uses_but_no_code_defines_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "names.yaml"
    path.write_text(DECK)
    load_deck(path)  # a warning does not stop the deck from loading
    [warning] = deck_warnings(path)
    assert (warning.line, warning.col, warning.warning) == (10, 14, True)
    assert str(warning) == f"{path}:10:14: warning: 'ask' uses 'y', which neither the setup nor the prelude defines"


def test_lint_reports_warnings_and_fails_on_them_only_when_strict(tmp_path: Path) -> None:
    path = tmp_path / "names.yaml"
    path.write_text(DECK)
    relaxed = CliRunner().invoke(app, ["lint", str(path)])
    assert relaxed.exit_code == 0
    assert relaxed.stderr.splitlines() == [
        f"{path}:10:14: warning: 'ask' uses 'y', which neither the setup nor the prelude defines",
        "linted 1 file: ok, 1 warning",
    ]
    assert CliRunner().invoke(app, ["lint", "--strict", str(path)]).exit_code == 3
    document = json.loads(CliRunner().invoke(app, ["lint", "--json", "--strict", str(path)]).stdout)
    assert document["ok"] is False and document["problems"] == []
    assert [(w["line"], w["severity"]) for w in document["warnings"]] == [(10, "warning")]


PRECISION = """\
deck: precision
title: Precision
prelude: import torch
notes:
  - id: n
    title: N
    questions:
      - id: unenforced
        ask: "What is torch.tensor(2.).log().item() (to 4 decimals)?"
        answer: torch.tensor(2.).log().item()
        kind: float
      - id: enforced
        ask: "What is torch.tensor(3.).log().item() (to 4 decimal places)?"
        answer: torch.tensor(3.).log().item()
        kind: float
        judge: {decimals: 4}
"""


def test_a_stated_precision_without_judge_decimals_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "precision.yaml"
    path.write_text(PRECISION)
    load_deck(path)
    [warning] = deck_warnings(path)
    assert (warning.line, warning.warning) == (9, True)
    assert "asks for 4 decimals but the question has no 'judge: {decimals: ...}'" in str(warning)


def test_a_judge_setting_of_another_kind_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "precision.yaml"
    path.write_text(PRECISION.replace("judge: {decimals: 4}", "judge: {decimals: 4, dtype: true}"))
    result = CliRunner().invoke(app, ["lint", str(path)])
    assert result.exit_code == 3
    assert "judge 'dtype' applies to kind tensor, not 'float'" in result.stderr
