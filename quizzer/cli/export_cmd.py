"""`quizzer export --revlog FILE`: the review log in the FSRS optimizer's CSV format."""

from __future__ import annotations

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
    with open_service() as service:
        try:
            count = service.export_revlog(revlog)
        except OSError as problem:
            fail(f"--revlog {revlog}: cannot write ({problem.strerror or problem})", ExitCode.USAGE)
    error(f"quizzer: wrote {count} review{'s' if count != 1 else ''} to {revlog}")
