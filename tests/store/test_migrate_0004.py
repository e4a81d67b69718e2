"""Migration 0004 (SQLite, then PostgreSQL): a one-learner 0003 database becomes the local user's profile, whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import MetaData, create_engine, func, insert, select, text

from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import Settings
from quizzer.store.migrate import HEAD_REVISION, alembic_config, current_revision, upgrade_database
from quizzer.store.parameters import FittedParameters
from quizzer.store.profiles import default_profile_name
from tests.review.conftest import NOW, build_deck, question

SETTINGS = Settings(timezone="UTC", new_per_day=50)
DECKS = [build_deck("d", {"n1": ["q1", "q2"], "n2": ["q1"]})]
RENAMED = [build_deck("d", {"n1": [question("first", was=["q1"]), "q2"], "n2": ["q1"]})]
TABLES = ("card", "card_alias", "review_instance", "review_log", "review_count", "deck_sync", "fsrs_parameters")
TRUTH = {"status": "value", "value": {"type": "int", "repr": "1", "data": 1}}


def one_learner(url: str) -> ReviewService:
    """A learner's history at head: answers with typed answers and truths, a rename, fitted parameters."""
    service = ReviewService(url, SETTINGS, profile="source")
    service.sync(DECKS, NOW)
    now = NOW
    for index in range(8):
        card = service.next_card(now) or service.next_card(now := now + timedelta(days=3))
        assert card is not None
        service.answer(
            card.card_id, (3, 1, 4, 3)[index % 4], now, typed_answer=str(index), verdict="wrong", truth=TRUTH
        )
        now += timedelta(minutes=11)
    service.sync(RENAMED, now)
    fitted = FittedParameters("", tuple(float(n) for n in range(21)), datetime(2025, 3, 1, tzinfo=UTC), 8, 0.3, 0.02)
    service.save_parameters(fitted)
    return service


def copy_to_0003(source_url: str, target_url: str) -> None:
    """Write the source's rows into a fresh 0003 database, in the columns 0003 has (no profile)."""
    command.upgrade(alembic_config(target_url), "0003")
    source, target = create_engine(source_url), create_engine(target_url)
    old, new = MetaData(), MetaData()
    old.reflect(source, only=TABLES)
    new.reflect(target, only=TABLES)
    with source.connect() as reading, target.begin() as writing:
        for name in TABLES:
            columns = [old.tables[name].c[column.name] for column in new.tables[name].c]
            rows = [dict(row._mapping) for row in reading.execute(select(*columns))]
            if rows:
                writing.execute(insert(new.tables[name]), rows)
            if target.dialect.name == "postgresql" and "id" in new.tables[name].c:  # ids given: move the sequence on
                writing.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
                )
    source.dispose()
    target.dispose()


def test_a_0003_database_becomes_the_local_users_profile_with_every_review(any_db_url: str, tmp_path: Path) -> None:
    source_url = f"sqlite:///{tmp_path / 'head.sqlite3'}"
    learner = one_learner(source_url)
    expected = learner.review_details()
    stats, fitted = learner.stats(NOW + timedelta(days=30)), learner.fitted_parameters()
    learner.close()
    copy_to_0003(source_url, any_db_url)
    assert current_revision(any_db_url) == "0003"

    upgrade_database(any_db_url)

    assert current_revision(any_db_url) == HEAD_REVISION
    engine = create_engine(any_db_url)
    tables = MetaData()
    tables.reflect(engine, only=("profile", *TABLES))
    with engine.connect() as connection:
        profiles = connection.execute(select(tables.tables["profile"].c.id, tables.tables["profile"].c.name)).all()
        assert [name for _, name in profiles] == [default_profile_name()]
        for name in TABLES[:2] + TABLES[3:]:  # every learner row is the default profile's
            owners = connection.execute(select(tables.tables[name].c.profile_id).distinct()).scalars().all()
            assert owners == [profiles[0].id], name
        assert (
            connection.execute(select(func.count()).select_from(tables.tables["review_log"])).scalar()
            == len(expected)
            == 8
        )
    engine.dispose()
    with ReviewService(any_db_url, SETTINGS) as service:  # the local user, as quizzer opens it by default
        assert service.review_details() == expected  # every review, typed answer, truth and schedule kept
        assert service.stats(NOW + timedelta(days=30)) == stats
        assert service.fitted_parameters() == fitted
        report = service.sync(RENAMED, NOW + timedelta(days=40))
        assert (report.added, report.renamed, report.archived) == ([], [], [])  # fingerprints and aliases kept
        assert service.card("d/n1/first").reps > 0
    with ReviewService(any_db_url, SETTINGS, profile="newcomer") as newcomer:
        assert newcomer.review_details() == [] and newcomer.sync(RENAMED, NOW).added  # starts from scratch
