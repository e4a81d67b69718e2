"""The same study on SQLite and on PostgreSQL gives the same results: queue, counts, stats, log, export, fit, class.

One scripted history (two learners, syncs with a rename and a truth change, answers over
weeks, undo, suspend, bury, fitted parameters) is played on a SQLite file and on a fresh
PostgreSQL database; every read the clients use must come out equal.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from quizzer.review.class_service import ClassService
from quizzer.review.service import ReviewService
from quizzer.scheduling.scheduler import default_parameters
from quizzer.scheduling.settings import Settings
from quizzer.store.parameters import FittedParameters
from tests.review.conftest import NOW, build_deck, question
from testsupport import postgres

SETTINGS = Settings(timezone="Europe/Berlin", new_per_day=6, reviews_per_day=20)
DECKS = [build_deck("a", {f"n{i}": ["q1", "q2"] for i in range(5)}), build_deck("b", {"m1": ["q1"], "m2": ["q1"]})]
CHANGED = [
    build_deck("a", {"n0": [question("first", was=["q1"]), "q2"], **{f"n{i}": ["q1", "q2"] for i in range(1, 5)}}),
    build_deck("b", {"m1": [question("q1", setup="x = 2")], "m2": ["q1"]}),
]
FITTED = FittedParameters(
    "", tuple(value * 1.05 for value in default_parameters()), datetime(2025, 3, 1, tzinfo=UTC), 40, 0.3, 0.02
)


def play(url: str, export: Path) -> dict[str, Any]:
    """The scripted history on ``url``; everything the clients read afterwards."""
    seen: dict[str, Any] = {}
    for name, ratings in (("ada", (3, 1, 4, 2, 3)), ("bob", (1, 3, 3))):
        with ReviewService(url, SETTINGS, profile=name) as learner:
            learner.sync(DECKS, NOW)
            now = NOW
            for day in range(12):
                for index, rating in enumerate(ratings):
                    card = learner.next_card(now)
                    if card is None:
                        break
                    learner.answer(card.card_id, rating, now, typed_answer=f"{index}", verdict="wrong", duration_ms=900)
                    now += timedelta(minutes=3)
                if day == 3:
                    learner.undo()
                    learner.sync(CHANGED, now)
                    learner.save_parameters(FITTED)
                if day == 5:
                    learner.suspend("a/n2/q2")
                    learner.bury("a/n3/q1", now)
                now += timedelta(days=2)
            seen[name] = {
                "queue": learner.due_queue(now),
                "counts": learner.counts(now),
                "limit": learner.new_card_limit(now),
                "stats": learner.stats(now).to_dict(),
                "details": [
                    (d.card_id, d.reviewed_at, d.rating, d.sched_before, d.sched_after)
                    for d in learner.review_details()
                ],
                "exported": learner.export_revlog(export),
                "csv": export.read_text(encoding="utf-8"),
                "preview": learner.preview("a/n1/q1", now),
                "leeches": learner.leeches(),
                "fit": (learner.answers_for_fit(), learner.answers_for_fit("a"), learner.fitted_parameters()),
            }
    with ClassService(url) as view:
        seen["class"] = view.report(NOW + timedelta(days=40), show_answers=True).to_dict()
        seen["profiles"] = [(p.name, p.cards, p.reviews) for p in view.profiles()]
    return seen


def test_sqlite_and_postgresql_agree(postgres_server: postgres.Server, tmp_path: Path) -> None:
    on_sqlite = play(f"sqlite:///{tmp_path / 'q.sqlite3'}", tmp_path / "sqlite.csv")
    on_postgresql = play(postgres_server.new_database(), tmp_path / "postgresql.csv")
    assert on_sqlite["ada"]["exported"] > 20 and on_sqlite["bob"]["exported"] > 10
    for key in on_sqlite:
        assert on_postgresql[key] == on_sqlite[key], key
