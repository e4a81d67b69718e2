"""`quizzer optimize`: fit FSRS parameters to the learner's own reviews, adopt them only if they predict better."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from quizzer.cli.app import app
from quizzer.cli.output import emit_json, error, fail
from quizzer.exit_codes import ExitCode


@app.command()
def optimize(
    only: Annotated[
        str | None, typer.Option("--only", metavar="DECK", help="Fit this deck's reviews into a preset of its own.")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Fit and report, adopt nothing.")] = False,
    reset: Annotated[
        bool, typer.Option("--reset", help="Back to the default parameters (with --only: that deck's preset only).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document on stdout.")] = False,
) -> None:
    """Fit FSRS parameters to your reviews; exit 0 adopted (or would be, with --dry-run), 1 nothing adopted."""
    from quizzer.cli.review_cmd import open_service

    with open_service() as service:
        if reset:
            if dry_run:
                fail("--reset and --dry-run: choose one", ExitCode.USAGE)
            removed = service.reset_parameters(only)
            scope = f"deck {only}" if only else "all decks"
            error(f"quizzer: {scope} back to the default FSRS parameters ({removed} fitted preset(s) removed)")
            return
        from quizzer.fitting.optimize import optimize as run_optimize
        from quizzer.fitting.report import document, text
        from quizzer.fitting.runner import FitFailed

        try:
            run = run_optimize(service, datetime.now(UTC), only, dry_run=dry_run)
        except FitFailed as failed:
            fail(str(failed), ExitCode.FINDINGS)
    if as_json:
        emit_json(document(run))
    if run.result.refused:
        fail(run.result.refused, ExitCode.FINDINGS)
    if not as_json:
        typer.echo(text(run))
    if not run.better:
        raise typer.Exit(ExitCode.FINDINGS)
