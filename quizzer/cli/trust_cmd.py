"""`quizzer trust PATH`: allow a deck from outside the trusted folders to run its code."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quizzer.cli.app import app
from quizzer.cli.deck_args import load_or_exit
from quizzer.decks import trust as deck_trust


@app.command()
def trust(
    paths: Annotated[list[Path], typer.Argument(help="Deck files to allow.", exists=True, dir_okay=False)],
) -> None:
    """Allow deck files to run their code; a later change to a file needs trust again."""
    load_or_exit(paths)
    for path in paths:
        digest = deck_trust.allow(path)
        typer.echo(f"trusted {path} (sha256 {digest[:12]})")
