"""Deck trust: decks from elsewhere run only after `quizzer trust`, and again after each change."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from quizzer.cli import app
from quizzer.decks import trust
from quizzer.decks.search import bundled_decks_dir
from tests.conftest import REPO

DECK = (REPO / "tests" / "decks" / "valid" / "typed-expect.yaml").read_text()
FIX_BEFORE = REPO / "tests" / "checking" / "fix-before.yaml"
QUIZZER = Path(sys.executable).parent / "quizzer"


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


def quizzer(*args: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "CI"}
    return subprocess.run([QUIZZER, *args], capture_output=True, text=True, env=environment, timeout=300)


def test_check_fix_and_create_keep_the_trust_of_a_deck_trusted_before(tmp_path: Path) -> None:
    deck = tmp_path / "fixme.yaml"
    shutil.copy(FIX_BEFORE, deck)
    assert quizzer("trust", str(deck)).returncode == 0
    fixed = quizzer("check", str(deck), "--fix", "--create")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert f"wrote 3 expect values in {deck}" in fixed.stderr and deck.read_text() != FIX_BEFORE.read_text()
    assert trust.is_trusted(deck)
    again = quizzer("check", str(deck))  # no --trust: the rewritten deck is still trusted
    assert again.returncode == 0, again.stdout + again.stderr


def test_a_rewrite_does_not_trust_a_deck_that_was_only_run_with_the_flag(tmp_path: Path) -> None:
    deck = tmp_path / "fixme.yaml"
    shutil.copy(FIX_BEFORE, deck)
    assert quizzer("check", str(deck), "--trust", "--fix", "--create").returncode == 0
    assert not trust.is_trusted(deck)
    assert quizzer("check", str(deck)).returncode == 2


def test_keep_after_rewrite_needs_the_recorded_hash_of_the_bytes_before(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_bytes(b"before")
    trust.allow(deck)
    deck.write_bytes(b"after")
    assert not trust.keep_after_rewrite(deck, b"something else", b"after") and not trust.is_trusted(deck)
    assert trust.keep_after_rewrite(deck, b"before", b"after") and trust.is_trusted(deck)
