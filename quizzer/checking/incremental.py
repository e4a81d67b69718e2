"""Checking decks again after an edit, running only the questions whose content changed.

A question's fingerprint hashes everything its check result depends on: the question as
written, the deck's prelude and the requirements it inherits. `check --watch` keeps the
last result of each question with its fingerprint; on the next round, a question with the
same fingerprint keeps its result (moved to its new line) and the others run again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace

from quizzer.checking.results import QuestionResult
from quizzer.checking.runner import CheckOptions, run_check, selected
from quizzer.decks.model import Deck, Note, Question
from quizzer.engine import WorkerPool


def fingerprint(deck: Deck, note: Note, question: Question) -> str:
    """SHA-256 of what decides the question's check result."""
    content = {
        "prelude": deck.prelude,
        "requires": deck.requirements(note, question).model_dump(mode="json"),
        "question": question.model_dump(mode="json"),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Round:
    """One round of checks: every selected question's result in deck order, and those that ran in this round."""

    results: list[QuestionResult]
    rechecked: list[QuestionResult]


class IncrementalCheck:
    """Checks decks round after round on one warm pool, re-running only what changed since the last round."""

    def __init__(self, pool: WorkerPool, options: CheckOptions) -> None:
        self.pool = pool
        self.options = options
        self._last: dict[str, tuple[str, QuestionResult]] = {}  # question id -> (fingerprint, result)

    def run(self, decks: Sequence[Deck]) -> Round:
        """Check the selected questions of ``decks`` that are new or changed; keep the others' results."""
        prints: dict[str, str] = {}
        for deck in decks:
            for note, question in deck.questions():
                qid = deck.question_id(note, question)
                if selected(qid, self.options.pattern):
                    prints[qid] = fingerprint(deck, note, question)
        stale = {qid for qid, digest in prints.items() if self._last.get(qid, ("", None))[0] != digest}
        fresh = {result.id: result for result in run_check(decks, self.pool, self.options, only=stale)}
        results = []
        for deck in decks:
            for note, question in deck.questions():
                qid = deck.question_id(note, question)
                if qid in fresh:
                    results.append(fresh[qid])
                elif qid in prints:
                    results.append(replace(self._last[qid][1], path=deck.path, line=question.line))
        self._last = {result.id: (prints[result.id], result) for result in results}
        return Round(results, [result for result in results if result.id in fresh])
