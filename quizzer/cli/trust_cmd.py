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
    for deck in load_or_exit(paths):
        if deck.path is not None:
            digest = deck_trust.allow(deck.path, digest=deck.sha256)  # the bytes validated, not a second read
            typer.echo(f"trusted {deck.path} (sha256 {digest[:12]})")
