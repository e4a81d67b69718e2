"""`quizzer new PATH`: start a deck from a small example that lints clean and passes `check`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quizzer.cli.app import app
from quizzer.cli.output import fail
from quizzer.decks.search import DECK_SUFFIXES
from quizzer.exit_codes import ExitCode
from quizzer.files import write_whole


@app.command()
def new(
    path: Annotated[Path, typer.Argument(help="The deck file to create (*.yaml or *.yml); never overwritten.")],
    deck_id: Annotated[
        str | None, typer.Option("--deck-id", help="The deck's id ([a-z0-9-]+); default: made from the file name.")
    ] = None,
) -> None:
    """Create a deck with one note and two example questions, ready for `quizzer check`."""
    from quizzer.decks import trust
    from quizzer.decks.model import is_valid_id
    from quizzer.decks.scaffold import deck_id_for, scaffold

    if path.suffix not in DECK_SUFFIXES:
        fail(f"{path}: a deck file's name ends in .yaml or .yml", ExitCode.USAGE)
    if path.exists():
        fail(f"{path} exists: quizzer new never overwrites a file", ExitCode.USAGE)
    chosen = deck_id if deck_id is not None else deck_id_for(path.stem)
    if deck_id is not None and not is_valid_id(deck_id):
        fail(f"--deck-id {deck_id!r}: ids use only lower-case letters, digits and dashes", ExitCode.USAGE)
    if not chosen:
        fail(f"{path.name!r} gives no deck id: pass --deck-id (lower-case letters, digits and dashes)", ExitCode.USAGE)
    data = scaffold(chosen).encode("utf-8")
    try:
        _create(path, data)
    except FileExistsError:
        fail(f"{path} exists: quizzer new never overwrites a file", ExitCode.USAGE)
    except OSError as error:
        fail(f"cannot create {path}: {error.strerror or error}", ExitCode.USAGE)
    typer.echo(f"created {path}: deck '{chosen}' with one note and two example questions")
    if not trust.is_trusted(path):
        digest = trust.allow(path, data)
        typer.echo(f"trusted {path} (sha256 {digest[:12]}): quizzer wrote it")


def _create(path: Path, data: bytes) -> None:
    """Write ``data`` to the new file ``path`` whole (temp file, fsync, link); FileExistsError if it exists."""
    write_whole(path, data, exclusive=True)
