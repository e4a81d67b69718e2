"""Commands about deck files themselves: lint, schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from quizzer.cli.app import app
from quizzer.cli.deck_args import chosen_paths, load_or_exit
from quizzer.cli.output import emit_json, error, report_problems
from quizzer.decks.problems import DeckInvalid
from quizzer.exit_codes import ExitCode

JsonFlag = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]


@app.command()
def lint(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Deck files or folders; default: the deck search path.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Validate decks without running them: every problem, as path:line:col: message."""
    from quizzer.decks.loader import load_decks
    from quizzer.decks.search import deck_files

    chosen = chosen_paths(paths)
    files = deck_files(chosen)
    try:
        decks = load_decks(chosen)
        problems = []
    except DeckInvalid as invalid:
        decks, problems = [], invalid.problems
    if as_json:
        emit_json(
            {
                "ok": not problems,
                "files": [str(f) for f in files],
                "decks": [
                    {"id": d.deck, "path": str(d.path), "questions": sum(1 for _ in d.questions())} for d in decks
                ],
                "problems": [p.to_dict() for p in problems],
            }
        )
    else:
        report_problems(problems)
        summary = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}" if problems else "ok"
        error(f"linted {len(files)} file{'s' if len(files) != 1 else ''}: {summary}")
    raise typer.Exit(ExitCode.INVALID_DATA if problems else ExitCode.OK)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the deck format (for editor completion)."""
    from quizzer.decks.model import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))


@app.command()
def coverage(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Deck files or folders; default: the deck search path.")
    ] = None,
) -> None:
    """Print which source sections the decks cover, as markdown (docs/deck-coverage.md)."""
    from quizzer.decks.coverage import coverage_markdown

    decks = load_or_exit(paths)
    shown = " ".join(str(path) for path in paths or [])
    typer.echo(coverage_markdown(decks, f"quizzer coverage {shown}".strip()), nl=False)
