"""The starting deck that `quizzer new` writes: every part of the format, small enough to read in a minute.

It lints clean and passes `quizzer check` as written (a test keeps it so), with one note
and two questions of different kinds: a parametric one whose `rule` states the answer over
its params, and one whose truth is the exception its `answer` raises.
"""

from __future__ import annotations

import re

from quizzer.decks.model import is_valid_id

_TEMPLATE = """\
# yaml-language-server: $schema=deck.schema.json
# A quizzer deck; quizzer's docs/deck-format.md describes every field. For completion
# in your editor, write the schema next to this file: quizzer schema > deck.schema.json
deck: {deck_id}
title: {title}
description: What this deck drills, in a sentence or two.
prelude: |
  # Runs before every question's setup, in a fresh namespace each time.
  import torch
notes:
  - id: transpose-is-a-view
    title: t() returns a view with swapped strides, not a contiguous copy
    text: |
      x.t() swaps the two dimensions without moving any data, so the result
      is not contiguous: view() cannot flatten it and raises, while reshape()
      copies when it has to.
    tags: [views]
    questions:
      # Parametric: a review draws one instance of the params grid and fills the
      # {{placeholders}} of ask; `rule` gives the answer over the params, and
      # `quizzer check` compares it with torch on every instance.
      - id: t-shape
        ask: "x = torch.zeros({{rows}}, {{cols}}). What is x.t().shape?"
        params: {{rows: [2, 3], cols: [4, 5]}}
        setup: |
          x = torch.zeros(rows, cols, device=device)
        answer: x.t().shape
        kind: shape
        rule: "(cols, rows)"
      # The truth is what `answer` evaluates to, or the exception it raises.
      - id: view-after-t
        ask: "x = torch.zeros(2, 3).t(). What does x.view(6) raise, if anything?"
        setup: |
          x = torch.zeros(2, 3, device=device).t()
        answer: x.view(6)
        kind: exception
        expect: RuntimeError
"""


def deck_id_for(stem: str) -> str:
    """A deck id made from a file name's stem: ``My Deck_2`` -> ``my-deck-2``; empty when nothing is left."""
    return re.sub(r"[^a-z0-9]+", "-", stem.casefold()).strip("-")


def scaffold(deck_id: str) -> str:
    """The text of a new deck with this id (which must be valid)."""
    if not is_valid_id(deck_id):
        raise ValueError(f"'{deck_id}' is not a deck id ([a-z0-9-]+)")
    title = deck_id.replace("-", " ").capitalize()
    return _TEMPLATE.format(deck_id=deck_id, title=title)
