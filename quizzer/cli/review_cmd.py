"""`quizzer review`: today's review session (the TUI, or --plain line mode)."""

from __future__ import annotations

from typing import Annotated

import typer

from quizzer.cli.app import app
from quizzer.cli.deck_args import DeckOption, load_or_exit
from quizzer.cli.output import error
from quizzer.decks.params import draw, fill_ask

PREVIEW = 5


@app.command()
def review(
    deck: DeckOption = None,
    device: Annotated[str, typer.Option(help="cpu, cuda, cuda:N, mps or auto.")] = "auto",
) -> None:
    """Review today's questions (the interactive session is being built: for now, a preview)."""
    decks = load_or_exit(deck)
    error("quizzer: the interactive review is not built yet; the first questions of your decks:")
    shown = 0
    for loaded in decks:
        for note, question in loaded.questions():
            if shown == PREVIEW:
                return
            shown += 1
            typer.echo(f"\n[{loaded.question_id(note, question)}] ({question.kind}, device {device})")
            typer.echo(fill_ask(question, draw(question, seed=0)))
