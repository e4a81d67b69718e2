"""One learner in a process of its own: answers cards of a synced database as fast as it can.

``python -m testsupport.learner_process URL SEED COUNT KEY...`` answers COUNT times, each time a
card drawn (seeded) from the KEYs, with a drawn rating, and prints ``acked KEY REVIEW_ID`` after each
answer the store acknowledged (flushed, so a parent sees every acknowledgement before a crash).
It studies as the profile in ``$QUIZZER_PROFILE``, else the store's default (the local user's).
Exit 0 when all were answered; an error prints its traceback to stderr and exits 1.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import UTC, datetime

from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import Settings


def main(argv: list[str]) -> int:
    """Answer COUNT drawn cards on URL; print one line per acknowledged answer."""
    url, seed, count, keys = argv[0], int(argv[1]), int(argv[2]), argv[3:]
    draw = random.Random(seed)
    service = ReviewService(url, Settings(timezone="UTC"), profile=os.environ.get("QUIZZER_PROFILE"))
    try:
        for _ in range(count):
            key = draw.choice(keys)
            result = service.answer(key, draw.randint(1, 4), datetime.now(UTC), typed_answer=f"learner {seed}")
            print(f"acked {key} {result.review_id}", flush=True)
    finally:
        service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
