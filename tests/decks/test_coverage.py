"""Each coverage doc in docs/ is what `quizzer coverage` prints for its group of shipped decks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from quizzer.decks.loader import load_deck
from tests.conftest import REPO

# doc -> the shipped deck files it reports on, in the order they are passed to `quizzer coverage`
COVERAGE_DOCS = {
    "deck-coverage.md": ["decks/pytorch-pitfalls.yaml", "decks/numpy-pitfalls.yaml"],
    "torch2-coverage.md": ["decks/torch2-pitfalls.yaml"],
}


@pytest.mark.parametrize(("doc", "decks"), COVERAGE_DOCS.items(), ids=list(COVERAGE_DOCS))
def test_coverage_doc_is_current(doc: str, decks: list[str]) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "quizzer", "coverage", *decks], cwd=REPO, capture_output=True, text=True, check=True
    )
    ids = [load_deck(REPO / path).deck for path in decks]
    assert run.stdout.startswith(f"# Deck coverage: {', '.join(ids)}\n")
    assert run.stdout == (REPO / "docs" / doc).read_text(encoding="utf-8"), (
        f"docs/{doc} is stale: run `quizzer coverage {' '.join(decks)} > docs/{doc}`"
    )


def test_every_shipped_deck_has_exactly_one_coverage_doc() -> None:
    covered = sorted(path for decks in COVERAGE_DOCS.values() for path in decks)
    shipped = sorted(f"decks/{path.name}" for path in (REPO / "decks").glob("*.yaml"))
    assert covered == shipped


@pytest.mark.parametrize("doc", COVERAGE_DOCS)
def test_every_note_names_its_source_section(doc: str) -> None:
    text = (REPO / "docs" / doc).read_text(encoding="utf-8")
    assert "(no source)" not in text
