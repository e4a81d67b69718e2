"""`quizzer check`: run every question on live torch and compare with the decks' claims."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from quizzer.cli.app import app
from quizzer.cli.deck_args import TrustOption, chosen_paths, load_or_exit, require_trust
from quizzer.cli.engine_args import DeviceOption, MemoryOption, TimeoutOption, WorkersOption, open_pool
from quizzer.cli.output import error, fail
from quizzer.device_request import CPU
from quizzer.exit_codes import ExitCode

if TYPE_CHECKING:
    from quizzer.checking.results import QuestionResult
    from quizzer.checking.runner import CheckOptions


class Format(StrEnum):
    """Report formats of `check`."""

    TEXT = "text"
    JSON = "json"
    JUNIT = "junit"


@app.command()
def check(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Deck files or folders; default: the deck search path.")
    ] = None,
    device: DeviceOption = CPU,
    workers: WorkersOption = None,
    pattern: Annotated[
        str | None, typer.Option("-k", help="Only question ids containing this text (or matching this glob).")
    ] = None,
    timeout: TimeoutOption = 10.0,
    memory: MemoryOption = None,
    output_format: Annotated[Format, typer.Option("--format", help="Report format on stdout.")] = Format.TEXT,
    fix: Annotated[
        bool, typer.Option("--fix", help="Rewrite expect values that no longer match (review the diff).")
    ] = False,
    create: Annotated[bool, typer.Option("--create", help="Write the missing expect values.")] = False,
    trust: TrustOption = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List passed questions too.")] = False,
    watch: Annotated[
        bool, typer.Option("--watch", help="Keep the workers warm and check again each time a deck file is saved.")
    ] = False,
) -> None:
    """Run every question and fail when a deck's expect or rule no longer matches live torch."""
    from quizzer.checking.last_run import record_checks
    from quizzer.checking.report import json_report, junit_report, text_report
    from quizzer.checking.results import CheckStatus
    from quizzer.checking.runner import CheckOptions, run_check

    if watch:
        _refuse_with_watch(fix=fix, create=create, output_format=output_format)
    if (fix or create) and os.environ.get("CI"):
        fail("--fix and --create do not write when the CI environment variable is set", ExitCode.USAGE)
    options = CheckOptions(timeout_s=timeout, pattern=pattern)
    if watch:
        _watch(paths, options, device, workers, memory, trust, verbose)
    decks = load_or_exit(paths)
    require_trust(decks, trust)
    with open_pool(device, workers, timeout, memory) as pool:
        results = run_check(decks, pool, options)
        info, size = pool.info, pool.size
    record_checks(results, info.device, partial=pattern is not None)
    if fix or create:
        _write_edits(results, fix=fix, create=create)
    if output_format is Format.JSON:
        typer.echo(json_report(results, info, size))
    elif output_format is Format.JUNIT:
        typer.echo(junit_report(results, info))
    else:
        typer.echo(text_report(results, info, size, verbose=verbose))
    unresolved = [r for r in results if r.status in (CheckStatus.FAILED, CheckStatus.ERROR) and not r.fixed]
    raise typer.Exit(ExitCode.FINDINGS if unresolved else ExitCode.OK)


def _refuse_with_watch(*, fix: bool, create: bool, output_format: Format) -> None:
    """Flags that `--watch` cannot honour exit 2 before anything else is looked at."""
    if fix or create:
        fail(
            "--watch does not combine with --fix or --create: quizzer would write to the file you edit", ExitCode.USAGE
        )
    if output_format is not Format.TEXT:
        fail("--watch prints text reports; --format json and junit are for single runs", ExitCode.USAGE)


def _watch(
    paths: list[Path] | None,
    options: CheckOptions,
    device: str,
    workers: int | None,
    memory: str | None,
    trust: bool,
    verbose: bool,
) -> NoReturn:
    """`check --watch`: check now and after every save, until Ctrl+C (exit 0)."""
    from quizzer.checking.incremental import IncrementalCheck
    from quizzer.cli.check_watch import watch

    chosen = chosen_paths(paths)
    try:
        with open_pool(device, workers, options.timeout_s, memory) as pool:
            watch(chosen, IncrementalCheck(pool, options), trusted_by_flag=trust, verbose=verbose)
    except KeyboardInterrupt:
        pass
    raise typer.Exit(ExitCode.OK)


def _write_edits(results: list[QuestionResult], *, fix: bool, create: bool) -> None:
    from quizzer.checking.fixer import FixRefused, apply_edits

    chosen = [(r, r.edit) for r in results if r.edit is not None and (create if r.missing_expect else fix)]
    for path in dict.fromkeys(edit.path for _, edit in chosen):
        group = [(result, edit) for result, edit in chosen if edit.path == path]
        try:
            apply_edits([edit for _, edit in group])
        except FixRefused as refused:
            error(f"quizzer: {refused}")
            continue
        for result, _ in group:
            result.fixed = True
        error(f"quizzer: wrote {len(group)} expect value{'s' if len(group) != 1 else ''} in {path}")
