"""The Typer application: global options and the default command (the review session)."""

from __future__ import annotations

import os
from typing import Annotated
from urllib.parse import urlsplit

import typer

from quizzer import __version__
from quizzer.startup import resume_collector

PROFILE_NAME_LENGTH = 100  # quizzer.store.profiles.NAME_LENGTH, without importing the store at start-up

app = typer.Typer(
    name="quizzer",
    help="Spaced-repetition drills for PyTorch pitfalls, graded against live torch.",
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"quizzer {__version__}")
        raise typer.Exit()


def _has_password(url: str) -> bool:
    """True when ``url`` (``scheme://user:password@host/...``) holds a password."""
    try:
        return "://" in url and urlsplit(url).password is not None
    except ValueError:  # not a URL: a file path
        return False


def _check_profile(value: str | None) -> str | None:
    """A profile name is 1 to 100 printable characters (the store's column holds 100)."""
    _check_name(value, "--profile")
    return value


def _check_name(value: str | None, where: str) -> None:
    if value is not None and (not value.strip() or len(value) > PROFILE_NAME_LENGTH or not value.isprintable()):
        raise typer.BadParameter(f"a profile name is 1 to {PROFILE_NAME_LENGTH} printable characters", param_hint=where)


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="URL",
            help="Database: a SQLite file path or a SQLAlchemy URL (default: $QUIZZER_DB, else `quizzer locate db`).",
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            metavar="NAME",
            callback=_check_profile,
            help="Learner profile on the database (default: $QUIZZER_PROFILE, else your user name); created on first use.",
        ),
    ] = None,
) -> None:
    """Spaced-repetition drills for PyTorch pitfalls, graded against live torch.

    With no command, starts today's review session.
    """
    if db:
        os.environ["QUIZZER_DB"] = db  # read by quizzer.paths.db_url, here and in any child process
        if _has_password(db):
            typer.echo(
                "quizzer: warning: --db holds a password, which other users can see (ps, shell history); "
                "use QUIZZER_DB or ~/.pgpass instead (docs/class.md)",
                err=True,
            )
    if profile:
        os.environ["QUIZZER_PROFILE"] = profile  # read by quizzer.paths.profile_name
    else:
        _check_name(os.environ.get("QUIZZER_PROFILE"), "QUIZZER_PROFILE")
    if ctx.invoked_subcommand not in (None, "review"):
        resume_collector()  # a review resumes it once its services are open
    if ctx.invoked_subcommand is None:
        from quizzer.cli.review_cmd import review

        ctx.invoke(review)
