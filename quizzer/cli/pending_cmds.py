"""Commands of DESIGN.md whose services are not built yet: they say so and exit 2."""

from __future__ import annotations

from typing import Annotated

import typer

from quizzer.cli.app import app
from quizzer.cli.output import fail
from quizzer.exit_codes import ExitCode


def _not_yet(command: str) -> None:
    fail(f"'{command}' is not available in this version yet", ExitCode.USAGE)


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Due forecast, retention, streaks and weakest notes."""
    _not_yet("stats")
