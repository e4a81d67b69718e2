"""docs/deck-coverage.md is what `quizzer coverage decks` prints for the shipped decks."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_coverage_doc_is_current() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "quizzer", "coverage", "decks"], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert run.stdout == (REPO / "docs" / "deck-coverage.md").read_text(encoding="utf-8"), (
        "docs/deck-coverage.md is stale: run `quizzer coverage decks > docs/deck-coverage.md`"
    )


def test_every_note_names_its_source_section() -> None:
    text = (REPO / "docs" / "deck-coverage.md").read_text(encoding="utf-8")
    assert "(no source)" not in text
