"""Leeches: cards forgotten again and again, as Anki defines them.

A card becomes a leech when its lapses reach the threshold (8 by default), and is
reported again every half threshold after that (rounded up): 8, 12, 16 ... for 8.
"""

from __future__ import annotations

import math


def leech_reached(lapses: int, threshold: int) -> bool:
    """True when an answer that brought a card to ``lapses`` lapses should report it as a leech."""
    if lapses < threshold:
        return False
    return (lapses - threshold) % max(1, math.ceil(threshold / 2)) == 0
