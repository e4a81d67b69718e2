"""A simulated learner whose memory follows known FSRS parameters, for the fitting tests and benchmarks.

Cards are introduced evenly over ``days`` days and reviewed when due (day-scale reviews
sometimes a few days late). The app schedules them (py-fsrs with the default parameters,
or quizzer itself through ``answer``); the learner remembers by ``TRUE_PARAMETERS``, a
learner who forgets faster than the defaults assume: a shadow card replays the same
ratings under those parameters, and each review is recalled with the shadow card's
retrievability. A miss is Again; a recall is Hard, Good or Easy (10/80/10 %). Fitting
can therefore beat the defaults, and the known truth says by how much.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import fsrs

TRUE_PARAMETERS = (
    0.10, 0.50, 1.20, 4.0, 6.0, 0.70, 2.2, 0.01, 1.10, 0.20, 0.70,
    1.70, 0.08, 0.30, 1.50, 0.45, 2.2, 0.5425, 0.0912, 0.0658, 0.30,
)  # fmt: skip
START = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
FIRST_RATING = ((1, 2, 3, 4), (0.25, 0.05, 0.60, 0.10))
RECALLED_RATING = ((2, 3, 4), (0.10, 0.80, 0.10))
LATE_DAYS = [0] * 80 + [1] * 12 + [2] * 5 + [3, 4, 5]

Answer = Callable[[int, datetime, int], datetime]  # (card index, when, rating) -> the card's next due time


def simulate(cards: int, days: int, seed: int = 1, answer: Answer | None = None) -> list[tuple[int, int, int]]:
    """Simulate the learner; (card index, epoch ms, rating) of every answer, in time order.

    ``answer`` records an answer with the app under test and returns when the card is due
    next; without it, py-fsrs with the default parameters (no fuzz) schedules.
    """
    rng = random.Random(seed)
    truth = fsrs.Scheduler(parameters=TRUE_PARAMETERS, enable_fuzzing=False)
    record = answer or _default_app()
    end = START + timedelta(days=days)
    queue: list[tuple[datetime, int]] = []
    shadows: dict[int, fsrs.Card] = {}
    for index in range(cards):
        when = START + timedelta(days=index * days // cards, minutes=rng.randrange(120))
        shadows[index] = fsrs.Card(card_id=index + 1, due=when)
        heapq.heappush(queue, (when, index))
    log: list[tuple[int, int, int]] = []
    while queue:
        when, index = heapq.heappop(queue)
        if when >= end:
            continue
        shadow = shadows[index]
        if shadow.last_review is None:
            rating = rng.choices(*FIRST_RATING)[0]
        elif rng.random() < truth.get_card_retrievability(shadow, when):
            rating = rng.choices(*RECALLED_RATING)[0]
        else:
            rating = 1
        shadows[index], _ = truth.review_card(shadow, fsrs.Rating(rating), when)
        due = record(index, when, rating)
        log.append((index, round(when.timestamp() * 1000), rating))
        if due - when >= timedelta(days=1):
            due += timedelta(days=rng.choice(LATE_DAYS))
        heapq.heappush(queue, (max(due, when + timedelta(seconds=1)), index))
    return log


def _default_app() -> Answer:
    app = fsrs.Scheduler(enable_fuzzing=False)
    cards: dict[int, fsrs.Card] = {}

    def answer(index: int, when: datetime, rating: int) -> datetime:
        card = cards.get(index) or fsrs.Card(card_id=index + 1, due=when)
        cards[index], _ = app.review_card(card, fsrs.Rating(rating), when)
        return cards[index].due

    return answer
