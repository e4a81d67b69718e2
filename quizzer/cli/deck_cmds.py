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
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Validate decks without running them: every problem, as path:line:col: message."""
    from quizzer.decks.loader import deck_warnings, load_decks
    from quizzer.decks.search import deck_files

    chosen = chosen_paths(paths)
    files = deck_files(chosen)
    try:
        decks = load_decks(chosen)
        problems = []
    except DeckInvalid as invalid:
        decks, problems = [], invalid.problems
    warnings = sorted(warning for path in files for warning in deck_warnings(path))
    failed = bool(problems or (strict and warnings))
    if as_json:
        emit_json(
            {
                "ok": not failed,
                "files": [str(f) for f in files],
                "decks": [
                    {"id": d.deck, "path": str(d.path), "questions": sum(1 for _ in d.questions())} for d in decks
                ],
                "problems": [p.to_dict() for p in problems],
                "warnings": [w.to_dict() for w in warnings],
            }
        )
    else:
        report_problems(sorted([*problems, *warnings]))
        counts = [_count(len(problems), "problem")] if problems else ["ok"]
        counts += [_count(len(warnings), "warning")] if warnings else []
        error(f"linted {_count(len(files), 'file')}: {', '.join(counts)}")
    raise typer.Exit(ExitCode.INVALID_DATA if failed else ExitCode.OK)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


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
