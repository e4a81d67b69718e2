"""The fingerprint of what defines a question's truth, to notice when a deck edit changes it."""

from __future__ import annotations

import hashlib
import json

from quizzer.decks.model import Deck, Question


def truth_hash(deck: Deck, question: Question) -> str:
    """SHA-256 of the prelude, setup, answer, kind, params and choices.

    Wording, tags and blank space around the code are left out: editing them keeps the truth.
    """
    code = [text.strip() if text else "" for text in (deck.prelude, question.setup, question.answer)]
    parts = [*code, question.kind, question.params, question.choices]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
