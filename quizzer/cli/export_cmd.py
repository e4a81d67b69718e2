"""`quizzer export`: the review log as the FSRS optimizer's CSV (--revlog), or the decks as an Anki package (--anki)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from quizzer.cli.app import app
from quizzer.cli.deck_args import DeckOption, TrustOption, load_or_exit, require_trust
from quizzer.cli.engine_args import DeviceOption, TimeoutOption, open_pool
from quizzer.cli.output import error, fail
from quizzer.device_request import CPU, DeviceRequest
from quizzer.exit_codes import ExitCode


@app.command()
def export(
    revlog: Annotated[
        Path | None,
        typer.Option(
            "--revlog", help="CSV file to write (card_id, review_time, review_rating, review_state, review_duration)."
        ),
    ] = None,
    anki: Annotated[
        Path | None,
        typer.Option("--anki", metavar="FILE.apkg", help="Anki package to write, answers computed live on --device."),
    ] = None,
    only: Annotated[
        list[str] | None, typer.Option("--only", help="With --anki: only this deck id (repeatable).")
    ] = None,
    instances: Annotated[
        int, typer.Option("--instances", min=1, help="With --anki: notes per parametric question (seeded instances).")
    ] = 3,
    deck: DeckOption = None,
    device: DeviceOption = CPU,
    timeout: TimeoutOption = 10.0,
    trust: TrustOption = False,
) -> None:
    """Export the review log for the FSRS optimizer, or the decks for Anki."""
    if (revlog is None) == (anki is None):
        fail("give one of --revlog FILE or --anki FILE.apkg", ExitCode.USAGE)
    if revlog is not None:
        _export_revlog(revlog)
    else:
        assert anki is not None
        _export_anki(anki, only, instances, deck, device, timeout, trust)


def _export_revlog(revlog: Path) -> None:
    from quizzer.cli.review_cmd import open_service

    if revlog.is_dir():
        fail(f"--revlog {revlog}: is a folder; give a file name", ExitCode.USAGE)
    if (read := _read_by_quizzer(revlog)) is not None:
        fail(f"--revlog {revlog}: is {read}, which quizzer reads; give another file name", ExitCode.USAGE)
    with open_service() as service:
        try:
            count = service.export_revlog(revlog)
        except OSError as problem:
            fail(f"--revlog {revlog}: cannot write ({problem.strerror or problem})", ExitCode.USAGE)
    error(f"quizzer: wrote {count} review{'s' if count != 1 else ''} to {revlog}")


def _export_anki(
    path: Path,
    only: list[str] | None,
    instances: int,
    deck_paths: list[Path] | None,
    device: DeviceRequest,
    timeout: float,
    trust: bool,
) -> None:
    from quizzer.exporting.anki import export_anki

    if path.is_dir() or not path.parent.is_dir():
        fail(f"--anki {path}: {'is a folder' if path.is_dir() else 'its folder does not exist'}", ExitCode.USAGE)
    if (read := _read_by_quizzer(path)) is not None:
        fail(f"--anki {path}: is {read}, which quizzer reads; give another file name", ExitCode.USAGE)
    decks = load_or_exit(deck_paths)
    if only:
        unknown = sorted(set(only) - {deck.deck for deck in decks})
        if unknown:
            fail(f"--only {unknown[0]}: no such deck id in the decks searched", ExitCode.USAGE)
        decks = [deck for deck in decks if deck.deck in only]
    require_trust(decks, trust)
    with open_pool(device, None, timeout, None) as pool:
        try:
            report = export_anki(decks, pool, path, instances)
        except OSError as problem:
            fail(f"--anki {path}: cannot write ({problem.strerror or problem})", ExitCode.USAGE)
    for line in report.skipped + report.failed:
        error(line)
    error(f"quizzer: wrote {report.notes} notes to {path} ({report.computed_with})")
    if report.failed:
        raise typer.Exit(ExitCode.FINDINGS)


def _read_by_quizzer(target: Path) -> str | None:
    """What ``target`` is, when it is a file quizzer reads (the database, its journal, a deck, the config, trust and
    the other files of the data folder); else None."""
    from quizzer import paths
    from quizzer.store.db import sqlite_file
    from quizzer.store.file_guard import registry_file

    if target.suffix.lower() in (".yaml", ".yml") and target.is_file():
        return "a deck file"
    database = sqlite_file(paths.db_url())
    candidates = [
        (paths.config_file(), "the config file"),
        (paths.trust_file(), "the trust file"),
        (registry_file(), "the list of databases quizzer has used"),
        (paths.next_question_file(), "the saved next question"),
        (paths.more_new_file(), "the record of extra new cards"),
    ]
    if database is not None:
        candidates += [(database, "the review database")]
        candidates += [(database.with_name(database.name + end), "the review database's journal") for end in _JOURNALS]
    for path, what in candidates:
        if _same_file(target, path):
            return what
    return None


_JOURNALS = ("-wal", "-shm", "-journal")


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return one.resolve() == other.resolve()
