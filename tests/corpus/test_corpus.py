"""The learner-answer corpus: typed answers to the shipped decks, each with the verdict a tutor would give.

``tests/corpus/<deck>.yaml`` lists answers as learners type them (written by people answering
the prompts without reading the decks' answers): the right answer in another natural form,
the misconception a question targets, a plausible wrong answer. Each deck's answers go
through one ``quizzer grade --batch`` process, as a user would run it, and every verdict must
be the tutor's; a failure lists every disagreement. See tests/corpus/README.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import REPO

CORPUS = Path(__file__).parent
DECKS = sorted(path.stem for path in CORPUS.glob("*.yaml"))
VERDICTS = {"right": "correct", "wrong": "wrong", "unparsed": "unparsed"}


def entries(deck: str) -> list[dict[str, Any]]:
    """The corpus entries for one deck: id, seed, answer, verdict, why."""
    loaded = YAML(typ="safe").load((CORPUS / f"{deck}.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, list) and loaded, f"{deck}.yaml: expected a list of answers"
    return loaded


def test_the_corpus_covers_every_question_twice() -> None:
    from quizzer.decks.loader import load_decks

    decks = load_decks([REPO / "decks" / f"{deck}.yaml" for deck in DECKS])
    graded = {
        deck.question_id(note, question)
        for deck in decks
        for note, question in deck.questions()
        if question.kind != "recall"
    }
    counts: dict[str, int] = {}
    for deck in DECKS:
        for entry in entries(deck):
            assert set(entry) <= {"id", "seed", "answer", "verdict", "why"}, entry
            assert entry["verdict"] in VERDICTS, entry
            counts[entry["id"]] = counts.get(entry["id"], 0) + 1
    assert sum(counts.values()) >= 600
    assert sorted(set(counts) - graded) == []  # every entry answers a shipped question
    assert sorted(q for q in graded if counts.get(q, 0) < 2) == []  # a question with a device is checked there


@pytest.mark.slow
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("deck", DECKS)
def test_every_corpus_verdict_is_the_tutors(deck: str) -> None:
    answers = entries(deck)
    lines = "".join(
        json.dumps({"id": entry["id"], "seed": entry.get("seed", 0), "answer": str(entry["answer"])}) + "\n"
        for entry in answers
    )
    run = subprocess.run(
        [sys.executable, "-m", "quizzer", "grade", "--batch", "-", "--deck", str(REPO / "decks"), "--trust"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    results = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(results) == len(answers), run.stderr
    disagreements = [
        f"{entry['id']}@{entry.get('seed', 0)}: {entry['answer']!r}: expected {VERDICTS[entry['verdict']]}, "
        f"got {result['verdict']} ({result['explanation']}; truth {result['truth']})"
        for entry, result in zip(answers, results, strict=True)
        if result["verdict"] != "skipped" and result["verdict"] != VERDICTS[entry["verdict"]]
    ]
    assert not disagreements, f"{len(disagreements)} of {len(answers)} verdicts differ:\n" + "\n".join(disagreements)
