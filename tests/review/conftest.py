"""Review-service fixtures: a service on a temporary SQLite file, decks built in code, a fixed clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from quizzer.decks.model import Deck
from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import Settings

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)  # a Monday, 10:00 UTC; study days start at 04:00 UTC

MakeService = Callable[..., ReviewService]


def question(qid: str, **fields: Any) -> dict[str, Any]:
    """A question dict; the truth-defining fields can be overridden."""
    return {"id": qid, "ask": f"what is {qid}?", "kind": "int", "setup": "x = 1", "answer": "x", **fields}


def build_deck(
    deck_id: str = "d", notes: dict[str, list[Any]] | None = None, prelude: str = "", **note_fields: Any
) -> Deck:
    """A deck from ``{note_id: [question id or question dict, ...]}``; ``note_fields`` adds fields per note id."""
    notes = notes if notes is not None else {"n1": ["q1", "q2"], "n2": ["q1"]}
    return Deck.model_validate(
        {
            "deck": deck_id,
            "title": deck_id.title(),
            "prelude": prelude,
            "notes": [
                {
                    "id": note_id,
                    "title": note_id,
                    "questions": [question(q) if isinstance(q, str) else q for q in questions],
                    **note_fields.get(note_id, {}),
                }
                for note_id, questions in notes.items()
            ],
        }
    )


def sql(db_url: str, statement: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of a raw SQL query on the test database (either backend), as dicts."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return [dict(row) for row in connection.execute(text(statement), params).mappings()]
    finally:
        engine.dispose()


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """The test's database: a SQLite file (not :memory:, which each connection sees empty), then PostgreSQL."""
    return any_db_url


@pytest.fixture
def make_service(db_url: str) -> Iterator[MakeService]:
    """Open services on the test database (study days in UTC), closed at the end."""
    opened: list[ReviewService] = []

    def make(profile: str | None = None, **settings: Any) -> ReviewService:
        service = ReviewService(db_url, Settings(**{"timezone": "UTC", **settings}), profile=profile)
        opened.append(service)
        return service

    yield make
    for service in opened:
        service.close()


@pytest.fixture
def service(make_service: MakeService) -> ReviewService:
    """A service with the default settings."""
    return make_service()
