"""Migration 0002 from a 0001 database with data: every review kept, undo still exact, the export byte-identical."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command

from quizzer.review.answers import snapshot, undo_answer
from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import Settings
from quizzer.store.db import write_session
from quizzer.store.migrate import HEAD_REVISION, alembic_config, current_revision, upgrade_database
from quizzer.store.models import Card
from tests.review.conftest import NOW, build_deck, question
from testsupport.store_checks import recount, stored_counts

TRUTH = {"status": "value", "value": {"type": "int", "repr": "3", "data": 3}}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def history(url: str) -> ReviewService:
    """A service whose log has answers with truths, a sync that changed a card between answers, a rename."""
    service = ReviewService(url, Settings(timezone="UTC", new_per_day=50))
    service.sync([build_deck()], NOW)
    now = NOW
    for index in range(12):
        card = service.next_card(now) or service.next_card(now := now + timedelta(days=4))
        assert card is not None
        service.answer(
            card.card_id,
            (3, 1, 4, 3, 2)[index % 5],
            now,
            typed_answer=str(index),
            verdict="correct",
            truth=TRUTH if index % 3 else None,
            params={"n": index % 2} if index % 3 else None,
            seed=index,
            device="cpu" if index % 3 else None,
            torch_version="2.13.0" if index % 3 else None,
            duration_ms=1000 + index,
        )
        now += timedelta(minutes=11, microseconds=index)
        if index == 5:  # a truth change between answers: the next "before" differs from the last "after"
            service.sync([build_deck(prelude="import math")], now)
    renamed = build_deck(prelude="import math", notes={"n1": [question("first", was=["q1"]), "q2"], "n2": ["q1"]})
    service.sync([renamed], now)
    service.answer("d/n1/first", 3, now + timedelta(days=9))
    return service


def to_0001(source: Path, target_url: str, target: Path) -> None:
    """Write ``source``'s cards and log into a fresh 0001 database, as quizzer 0001 stored them."""
    command.upgrade(alembic_config(target_url), "0001")
    service = ReviewService(f"sqlite:///{source}", Settings(timezone="UTC"))
    details = service.review_details()
    service.close()
    with closing(sqlite3.connect(source)) as old, closing(sqlite3.connect(target)) as new:
        for table in ("card", "card_alias"):  # the columns 0001 has (no profile yet)
            names = ", ".join(row[1] for row in new.execute(f"PRAGMA table_info({table})"))
            rows = old.execute(f"SELECT {names} FROM {table}").fetchall()
            if rows:
                new.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(rows[0]))})", rows)
        new.executemany(
            "INSERT INTO review_log (id, card_id, reviewed_at, rating, state_before, duration_ms, typed_answer, "
            "verdict, truth, params, params_seed, device, torch_version, sched_before, sched_after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    row.review_id,
                    row.card_id,
                    row.reviewed_at.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f"),
                    row.rating,
                    row.state_before,
                    row.duration_ms,
                    row.typed_answer,
                    row.verdict,
                    None if row.truth is None else json.dumps(row.truth),
                    None if row.params is None else json.dumps(row.params),
                    row.params_seed,
                    row.device,
                    row.torch_version,
                    json.dumps(row.sched_before),
                    json.dumps(row.sched_after),
                )
                for row in details
            ],
        )
        new.commit()


def export_0001(db: Path) -> str:
    """The revlog CSV exactly as quizzer 0001's ``write_revlog_csv`` wrote it from its log."""
    with closing(sqlite3.connect(db)) as connection:
        rows = connection.execute(
            "SELECT card_id, reviewed_at, rating, state_before, duration_ms FROM review_log ORDER BY reviewed_at, id"
        ).fetchall()
    lines = ["card_id,review_time,review_rating,review_state,review_duration"]
    for card_id, at, rating, state, duration in rows:
        millis = (datetime.fromisoformat(at).replace(tzinfo=UTC) - EPOCH) // timedelta(milliseconds=1)
        lines.append(f"{card_id},{millis},{rating},{state},{duration}")
    return "\n".join(lines) + "\n"


def test_a_0001_log_is_migrated_whole(tmp_path: Path) -> None:
    source, target = tmp_path / "head.sqlite3", tmp_path / "old.sqlite3"
    url = f"sqlite:///{target}"
    original = history(f"sqlite:///{source}")
    expected = original.review_details()
    original.close()
    to_0001(source, url, target)
    assert current_revision(url) == "0001"
    before_export = export_0001(target)
    with closing(sqlite3.connect(target)) as db:
        columns = ", ".join(row[1] for row in db.execute("PRAGMA table_info(card)"))  # 0001's
        cards_before = db.execute(f"SELECT {columns} FROM card ORDER BY id").fetchall()

    backup = upgrade_database(url)

    assert backup is not None and current_revision(url) == HEAD_REVISION
    service = ReviewService(url, Settings(timezone="UTC"))
    assert service.review_details() == expected  # every review, truth, params and schedule kept
    with closing(sqlite3.connect(target)) as db:
        assert db.execute(f"SELECT {columns} FROM card ORDER BY id").fetchall() == cards_before
        assert db.execute("SELECT DISTINCT profile_id FROM card").fetchall() == [(1,)]  # the default profile's
        stored_before = db.execute("SELECT count(*) FROM review_log WHERE sched_before IS NOT NULL").fetchone()[0]
        instances = db.execute("SELECT count(*) FROM review_instance").fetchone()[0]
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert stored_before == 4  # three first answers, and the one after the truth changed
    assert instances == 2 and "review_log_0001" not in tables
    assert stored_counts(url) == recount(url)
    exported = tmp_path / "revlog.csv"
    assert service.export_revlog(exported) == len(expected)
    assert exported.read_text(encoding="utf-8") == before_export
    service.close()


def test_undo_is_exact_on_migrated_rows(tmp_path: Path) -> None:
    source, target = tmp_path / "head.sqlite3", tmp_path / "old.sqlite3"
    url = f"sqlite:///{target}"
    history(f"sqlite:///{source}").close()
    to_0001(source, url, target)
    with closing(sqlite3.connect(target)) as db:
        last, card_id, before = db.execute(
            "SELECT id, card_id, sched_before FROM review_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
        kept = db.execute("SELECT id FROM review_log WHERE id < ? ORDER BY id", (last,)).fetchall()
    upgrade_database(url)
    service = ReviewService(url, Settings(timezone="UTC"))
    with write_session(service._sessions) as session:
        restored = undo_answer(session, last, json.loads(before))
        assert restored.id == card_id and snapshot(restored) == json.loads(before)
    with write_session(service._sessions) as session:
        assert snapshot(session.get(Card, card_id)) == json.loads(before)
    with closing(sqlite3.connect(target)) as db:
        assert db.execute("SELECT id FROM review_log ORDER BY id").fetchall() == kept
    assert stored_counts(url) == recount(url)
    later = service.answer("d/n2/q1", 3, NOW + timedelta(days=30))  # the migrated log goes on as before
    assert service.undo() is not None and later.review_id == last
    service.close()
