"""A class on one database: 20 profiles x 5,000 cards, on PostgreSQL beside SQLite.

Both databases get the same synthetic class (built with quizzer's models and bulk Core
inserts, every learner with a few months of answers), then the same operations are timed
on one learner: today's queue and its first card (``head``), an answer with its commit,
and the class view over every learner (``ClassService.report``). The PostgreSQL server is
a throwaway one started in a temporary folder (``testsupport.postgres``), with ``fsync``
on; where none can start, the section says why in one line. ``QUIZZER_BENCH_CLASS_SCALE``
scales the cards per learner (1 = 5,000) for quick runs.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.bench_store import summary, timed
from testsupport import postgres

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PROFILES = 20
CARDS = 5_000
REVIEWS_PER_CARD = 4  # of the cards studied (four in five)
DECKS = 10
INTRO = (
    "The store with 20 learner profiles x 5,000 cards on one database (docs/class.md): one learner's queue\n"
    "and answer, and the class view over all of them, on PostgreSQL beside SQLite with the same data."
)
LABELS = {
    "queue": "today's queue + first card (one learner)",
    "answer": "answer incl. commit (one learner)",
    "class": "class view over every learner (`stats --class`)",
}


def _cards_per_profile() -> int:
    return max(50, int(CARDS * float(os.environ.get("QUIZZER_BENCH_CLASS_SCALE", "1"))))


def build(url: str, seed: int = 19) -> int:
    """The synthetic class on the empty database at ``url``; returns how many answers it holds."""
    from sqlalchemy import insert

    from quizzer.review.service import ReviewService
    from quizzer.store.db import make_engine
    from quizzer.store.models import Card, Profile, ReviewCount, ReviewLog

    ReviewService(url).close()  # the schema
    rng = random.Random(seed)
    per_profile = _cards_per_profile()
    engine = make_engine(url)
    answers = 0
    with engine.begin() as connection:
        ids = connection.execute(
            insert(Profile).returning(Profile.id),
            [{"name": f"learner{n:02}", "created_at": NOW} for n in range(PROFILES)],
        ).scalars()
        card_id = 0
        for profile in list(ids):
            cards, log, counts = [], [], {}
            for number in range(per_profile):
                card_id += 1
                deck, index = number % DECKS, number // DECKS
                note, question = index // 2, index % 2
                studied = rng.random() < 0.8
                due = NOW + timedelta(hours=rng.randint(-72, 24 * 20))
                lapses = rng.choice((0, 0, 0, 1, 2)) if studied else 0
                cards.append(
                    {
                        "id": card_id,
                        "profile_id": profile,
                        "key": f"deck{deck}/n{note}/q{question}",
                        "deck": f"deck{deck}",
                        "note": f"n{note}",
                        "question": f"q{question}",
                        "position": number,
                        "truth_hash": "0" * 64,
                        "state": 2 if studied else 0,
                        "stability": 12.0 if studied else None,
                        "difficulty": 5.0 if studied else None,
                        "due": due if studied else NOW,
                        "last_review": due - timedelta(days=12) if studied else None,
                        "reps": REVIEWS_PER_CARD if studied else 0,
                        "lapses": lapses,
                        "created_at": NOW - timedelta(days=120),
                    }
                )
                if not studied:
                    continue
                for k in range(REVIEWS_PER_CARD):
                    when = NOW - timedelta(days=12 * (REVIEWS_PER_CARD - k), seconds=rng.randint(0, 80_000))
                    rating = 1 if k < lapses else 3
                    schedule = {
                        "due": (when + timedelta(days=12)).isoformat(),
                        "phase": 2,
                        "step": None,
                        "stability": 12.0,
                        "difficulty": 5.0,
                        "last_review": when.isoformat(),
                        "reps": k + 1,
                        "lapses": min(k + 1, lapses),
                    }
                    log.append(
                        {
                            "profile_id": profile,
                            "card_id": card_id,
                            "reviewed_at": when,
                            "rating": rating,
                            "state_before": 0 if k == 0 else 2,
                            "duration_ms": 5000,
                            "typed_answer": f"torch.Size([{rng.randint(1, 4)}, 3])" if rating == 1 else "ok",
                            "verdict": "wrong" if rating == 1 else "correct",
                            "sched_before": None,
                            # packed by the column's type
                            "sched_after": {"schedule": schedule, "leech": False, "flagged_changed": False},
                        }
                    )
                    quarter = counts.setdefault(int(when.timestamp()) // 900, [0, 0, 0])
                    quarter[0] += 1
                    quarter[1] += k > 0
                    quarter[2] += k > 0 and rating > 1
            connection.execute(insert(Card), cards)
            for start in range(0, len(log), 20_000):
                connection.execute(insert(ReviewLog), log[start : start + 20_000])
            connection.execute(
                insert(ReviewCount),
                [
                    {"profile_id": profile, "quarter": q, "answers": a, "reviews": r, "retained": k}
                    for q, (a, r, k) in counts.items()
                ],
            )
            answers += len(log)
        if connection.dialect.name == "postgresql":  # card ids were given: move the sequence past them
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('card', 'id'), (SELECT max(id) FROM card))"
            )
    if engine.dialect.name == "postgresql":  # the statistics autovacuum would gather on a live server
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
    engine.dispose()
    return answers


def measure(url: str) -> dict[str, Any]:
    """Queue, answer and class view on the built database."""
    from quizzer.review.class_service import ClassService
    from quizzer.review.service import ReviewService
    from quizzer.scheduling.settings import Settings

    results: dict[str, Any] = {}
    with ReviewService(url, Settings(timezone="UTC", reviews_per_day=9999), profile="learner07") as service:
        results["queue"] = timed(lambda: service.head(NOW, 1), 15)
        now, samples = NOW, []
        for index in range(60):
            card = service.next_card(now)
            if card is None:  # a small scale's due cards all answered
                break
            started = time.perf_counter()
            service.answer(
                card.card_id, (3, 3, 1, 4)[index % 4], now, typed_answer="torch.Size([2, 3])", verdict="correct"
            )
            samples.append(time.perf_counter() - started)
            now += timedelta(seconds=7)
        results["answer"] = summary(samples)
    with ClassService(url) as view:
        results["class"] = timed(lambda: view.report(NOW), 5)
    return results


def run() -> dict[str, Any]:
    """Both backends on the same synthetic class; PostgreSQL is None (with the reason) where no server starts."""
    results: dict[str, Any] = {"profiles": PROFILES, "cards": _cards_per_profile(), "postgresql": None}
    with tempfile.TemporaryDirectory(prefix="quizzer-bench-class-") as folder:
        url = f"sqlite:///{Path(folder) / 'class.sqlite3'}"
        results["answers"] = build(url)
        results["sqlite"] = measure(url)
    reason = postgres.unavailable()
    if reason is None:
        with postgres.running_server() as server:
            url = server.new_database()
            build(url)
            results["postgresql"] = measure(url)
    results["why_not_postgresql"] = reason
    return results


def _figure(entry: dict[str, float]) -> str:
    return f"{entry['median']:.2f} ({entry['min']:.2f}-{entry['max']:.2f}) ms"


def markdown(results: dict[str, Any]) -> str:
    """PostgreSQL beside SQLite, with the ratio (PostgreSQL / SQLite)."""
    pg = results["postgresql"]
    head = (
        f"{results['profiles']} profiles x {results['cards']:,} cards ({results['answers']:,} answers), "
        "the same data on both; PostgreSQL 15 on a local Unix socket with fsync on, SQLite with `synchronous=FULL`."
    )
    rows = ["| operation | SQLite | PostgreSQL | ratio |", "|---|---|---|---|"]
    for name, label in LABELS.items():
        sqlite = results["sqlite"][name]
        other = pg[name] if pg else None
        ratio = f"{other['median'] / sqlite['median']:.2f}x" if other else "-"
        rows.append(f"| {label} | {_figure(sqlite)} | {_figure(other) if other else '-'} | {ratio} |")
    tail = "" if pg else f"\n\nPostgreSQL not measured: {results['why_not_postgresql']}."
    return head + "\n\n" + "\n".join(rows) + tail


if __name__ == "__main__":
    sys.stdout.write(markdown(run()) + "\n")
