"""`quizzer locate`: print where quizzer keeps one kind of file."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from quizzer import paths
from quizzer.cli.app import app


class Place(StrEnum):
    """What `locate` can print."""

    DATA = "data"
    DB = "db"
    DECKS = "decks"
    CONFIG = "config"


@app.command()
def locate(what: Annotated[Place, typer.Argument(help="Which path to print.")] = Place.DATA) -> None:
    """Print just the path of the data folder, database, user decks folder or config file."""
    where = {
        Place.DATA: lambda: str(paths.data_dir()),
        Place.DB: _database,
        Place.DECKS: lambda: str(paths.user_decks_dir()),
        Place.CONFIG: lambda: str(paths.config_file()),
    }[what]()
    typer.echo(where)


def _database() -> str:
    """The database's file, or its URL with any password hidden."""
    url = paths.db_url()
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    from quizzer.store.db import shown_url

    return shown_url(url)
