"""Tags as stored on a card: matched with LIKE, so each is surrounded by spaces."""

from __future__ import annotations

from collections.abc import Iterable


def tag_text(tags: Iterable[str]) -> str:
    """Tags stored for matching with LIKE: `` a b ``, each surrounded by spaces."""
    unique = dict.fromkeys(tags)
    return f" {' '.join(unique)} " if unique else ""
