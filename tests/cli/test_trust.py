"""Deck trust: decks from elsewhere run only after `quizzer trust`, and again after each change."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from quizzer.cli import app
from quizzer.decks import trust
from quizzer.decks.search import bundled_decks_dir
from tests.conftest import REPO

DECK = (REPO / "tests" / "decks" / "valid" / "typed-expect.yaml").read_text()


def test_bundled_and_user_decks_are_trusted(isolated_dirs: Path) -> None:
    bundled = bundled_decks_dir()
    assert bundled is not None
    assert trust.is_trusted(bundled / "pytorch-pitfalls.yaml")
    user = isolated_dirs / "data" / "quizzer" / "decks" / "mine.yaml"
    user.parent.mkdir(parents=True)
    user.write_text(DECK)
    assert trust.is_trusted(user)


def test_trust_records_the_content_and_a_change_revokes_it(tmp_path: Path) -> None:
    deck = tmp_path / "elsewhere.yaml"
    deck.write_text(DECK)
    assert not trust.is_trusted(deck)
    result = CliRunner().invoke(app, ["trust", str(deck)])
    assert result.exit_code == 0 and f"trusted {deck}" in result.stdout
    assert trust.is_trusted(deck)
    deck.write_text(DECK + "# edited\n")
    assert not trust.is_trusted(deck)


def test_check_refuses_an_untrusted_deck_and_says_what_to_run(tmp_path: Path) -> None:
    deck = tmp_path / "elsewhere.yaml"
    deck.write_text(DECK)
    result = CliRunner().invoke(app, ["check", str(deck)])
    assert result.exit_code == 2
    assert f"{deck} is not trusted" in result.stderr and f"quizzer trust {deck}" in result.stderr
    assert result.stdout == ""


def test_trust_refuses_an_invalid_deck(tmp_path: Path) -> None:
    deck = tmp_path / "bad.yaml"
    deck.write_text("deck: Bad\n")
    result = CliRunner().invoke(app, ["trust", str(deck)])
    assert result.exit_code == 3 and not trust.is_trusted(deck)
