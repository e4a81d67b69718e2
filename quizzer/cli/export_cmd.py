"""`quizzer export --revlog FILE`: the review log in the FSRS optimizer's CSV format."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from quizzer.cli.app import app
from quizzer.cli.output import error, fail
from quizzer.exit_codes import ExitCode


@app.command()
def export(
    revlog: Annotated[
        Path,
        typer.Option(
            "--revlog", help="CSV file to write (card_id, review_time, review_rating, review_state, review_duration)."
        ),
    ],
) -> None:
    """Export the review log for the FSRS optimizer."""
    from quizzer.cli.review_cmd import open_service

    if revlog.is_dir():
        fail(f"--revlog {revlog}: is a folder; give a file name", ExitCode.USAGE)
    if (read := _read_by_quizzer(revlog)) is not None:
        fail(f"--revlog {revlog}: is {read}, which quizzer reads; give another file name", ExitCode.USAGE)
    with open_service() as service:
        try:
            count = service.export_revlog(revlog)
        except OSError as problem:
            fail(f"--revlog {revlog}: cannot write ({problem.strerror or problem})", ExitCode.USAGE)
    error(f"quizzer: wrote {count} review{'s' if count != 1 else ''} to {revlog}")


def _read_by_quizzer(target: Path) -> str | None:
    """What ``target`` is, when it is a file quizzer reads (the database, its journal, config, trust); else None."""
    from quizzer import paths
    from quizzer.store.db import sqlite_file

    database = sqlite_file(paths.db_url())
    candidates = [(paths.config_file(), "the config file"), (paths.trust_file(), "the trust file")]
    if database is not None:
        candidates += [(database, "the review database")]
        candidates += [(database.with_name(database.name + end), "the review database's journal") for end in _JOURNALS]
    for path, what in candidates:
        if _same_file(target, path):
            return what
    return None


_JOURNALS = ("-wal", "-shm", "-journal")


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return one.resolve() == other.resolve()
