"""The malformed-deck corpus: every fixture names, in `# expect:` lines, the problems it must get."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizzer.cli import app
from quizzer.decks.loader import load_deck
from quizzer.decks.problems import DeckInvalid

CORPUS = Path(__file__).parent / "malformed"
EXPECT = re.compile(rb"^# expect: (\d+):(\d+): (.+)$", re.MULTILINE)


def expectations(path: Path) -> list[tuple[int, int, str]]:
    """The (line, col, message start) triples a fixture declares in its header."""
    return [(int(m[1]), int(m[2]), m[3].decode()) for m in EXPECT.finditer(path.read_bytes())]


FIXTURES = sorted(CORPUS.glob("*.yaml"))


def test_corpus_is_large_enough() -> None:
    assert len(FIXTURES) >= 15
    assert all(expectations(path) for path in FIXTURES)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_reports_its_problems_at_their_lines(path: Path) -> None:
    with pytest.raises(DeckInvalid) as raised:
        load_deck(path)
    reported = [(p.line, p.col, p.message) for p in raised.value.problems]
    for line, col, message in expectations(path):
        assert any((at_line, c) == (line, col) and message in m for at_line, c, m in reported), (
            f"expected {line}:{col}: {message!r}; got {reported}"
        )
    assert len(reported) == len(expectations(path)), reported


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_lint_exits_3_naming_file_and_line(path: Path) -> None:
    result = CliRunner().invoke(app, ["lint", str(path)])
    assert result.exit_code == 3
    assert result.stdout == ""
    for line, col, message in expectations(path):
        assert f"{path}:{line}:{col}: " in result.stderr
        assert message in result.stderr
    assert "Traceback" not in result.stderr
