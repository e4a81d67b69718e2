"""Choosing and loading decks for a command: explicit paths, --deck, or the search path."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quizzer.cli.output import exit_with, fail
from quizzer.decks.search import search_path
from quizzer.decks.trust import deck_is_trusted, is_trusted, untrusted_message
from quizzer.exit_codes import ExitCode
from quizzer.study.opener import OpenFailed, load_decks_or_fail

if TYPE_CHECKING:
    from quizzer.decks.model import Deck

DeckOption = Annotated[
    list[Path] | None,
    typer.Option("--deck", "-d", help="Deck file or folder (repeatable); default: the deck search path."),
]


def chosen_paths(paths: list[Path] | None) -> list[Path]:
    """The paths given, checked to exist, or the deck search path when none are."""
    if not paths:
        found = search_path()
        if not found:
            fail("no decks found: pass a deck path or set QUIZZER_DECKS", ExitCode.USAGE)
        return found
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        fail(f"no such deck file or folder: {', '.join(missing)}", ExitCode.USAGE)
    return paths


def load_or_exit(paths: list[Path] | None) -> list[Deck]:
    """Load the chosen decks; on problems print each as path:line:col and exit 3."""
    try:
        return load_decks_or_fail(chosen_paths(paths))
    except OpenFailed as failed:
        exit_with(failed)


TrustOption = Annotated[
    bool, typer.Option("--trust", help="Run decks from outside the trusted folders without `quizzer trust`.")
]


def require_trust(decks: list[Deck], trusted_by_flag: bool) -> None:
    """Exit 2 naming the first deck that may not run code, and what to run to allow it.

    Trust is decided on the bytes each deck was parsed from (``Deck.sha256``), never on a second read.
    """
    if trusted_by_flag:
        return
    for deck in decks:
        if not deck_is_trusted(deck):
            fail(untrusted_message(deck.path), ExitCode.USAGE)


def require_trusted_files(files: Iterable[Path], trusted_by_flag: bool) -> None:
    """``require_trust`` for deck files not loaded yet: an early refusal; the loaded decks are checked again."""
    if trusted_by_flag:
        return
    for path in files:
        if not is_trusted(path):
            fail(untrusted_message(path), ExitCode.USAGE)
