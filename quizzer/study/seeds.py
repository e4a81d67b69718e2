"""The params seed of a review: fixed by the card and its review count, so a resumed session asks the same instance."""

from __future__ import annotations

import zlib


def review_seed(card_id: str, reps: int) -> int:
    """The seed of the review of ``card_id`` after ``reps`` reviews (recorded with the answer, to replay it)."""
    return zlib.crc32(f"{card_id}:{reps}".encode())
