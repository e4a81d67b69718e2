"""How commands talk: one JSON document on stdout with --json, diagnostics on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from quizzer.exit_codes import ExitCode

if TYPE_CHECKING:
    from quizzer.decks.problems import Problem
    from quizzer.study.opener import OpenFailed

JSON_VERSION = 1


def emit_json(document: dict[str, Any]) -> None:
    """Write exactly one JSON document to stdout, tagged with the output format version."""
    sys.stdout.write(json.dumps({"version": JSON_VERSION, **document}, indent=2, allow_nan=False) + "\n")


def error(message: str) -> None:
    """One diagnostic line on stderr."""
    typer.echo(message, err=True)


def fail(message: str, code: ExitCode) -> NoReturn:
    """Print ``quizzer: message`` on stderr and exit with ``code``."""
    error(f"quizzer: {message}")
    raise typer.Exit(code)


def report_problems(problems: Iterable[Problem]) -> None:
    """Each deck problem as ``path:line:col: message`` on stderr."""
    for problem in problems:
        error(str(problem))


def exit_with(failed: OpenFailed) -> NoReturn:
    """Print why a review could not open (its lines, on stderr) and exit with its code."""
    for line in failed.lines:
        error(line)
    raise typer.Exit(failed.code)
