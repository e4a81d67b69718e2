"""A card's learning phase, apart from the scheduler so that views of cards load without FSRS."""

from __future__ import annotations

from enum import IntEnum


class Phase(IntEnum):
    """A card's learning phase; the numbers are the FSRS optimizer's ``review_state``."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3
