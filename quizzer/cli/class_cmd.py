"""`quizzer profiles` and `quizzer stats --class`: the learners of one database, and what the class gets wrong."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from quizzer import paths
from quizzer.cli.app import app
from quizzer.cli.output import emit_json, fail
from quizzer.exit_codes import ExitCode

if TYPE_CHECKING:
    from quizzer.review.class_service import ClassService
    from quizzer.review.classroom import ClassReport


@contextmanager
def open_class() -> Iterator[ClassService]:
    """The database at `quizzer locate db`, read across every profile; exit 4 with one line when it fails."""
    from quizzer.cli.review_cmd import database_errors
    from quizzer.review.class_service import ClassService
    from quizzer.store.errors import DatabaseError

    try:
        service = ClassService(paths.db_url())
    except DatabaseError as error:
        fail(f"quizzer: {error}", ExitCode.DATABASE)
    try:
        with database_errors():
            yield service
    finally:
        service.close()


@app.command()
def profiles(as_json: Annotated[bool, typer.Option("--json", help="One JSON document on stdout.")] = False) -> None:
    """The learner profiles on the database, with their cards and reviews (* marks yours)."""
    from quizzer.store.profiles import default_profile_name

    current = paths.profile_name() or default_profile_name()
    with open_class() as service:
        found = service.profiles()
    if as_json:
        listed = [
            {"name": p.name, "cards": p.cards, "reviews": p.reviews, "created_at": p.created_at.isoformat()}
            for p in found
        ]
        emit_json({"current": current, "profiles": listed})
        return
    if not found:
        typer.echo("no profiles yet: the first review creates yours")
    width = max((len(p.name) for p in found), default=0)
    for p in found:
        mark = "*" if p.name == current else " "
        typer.echo(f"{mark} {p.name:<{width}}  {p.cards} cards, {p.reviews} reviews")


def class_stats(as_json: bool, show_answers: bool, limit: int) -> None:
    """`quizzer stats --class`: print the class view."""
    from quizzer.clock import utc_now

    with open_class() as service:
        report = service.report(utc_now(), show_answers=show_answers, limit=limit)
    if as_json:
        emit_json(report.to_dict())
    else:
        typer.echo(class_text(report))


def class_text(report: ClassReport) -> str:
    """The class view as plain text: the most-missed notes, then the learners who are behind."""
    lines = [f"class: {report.learners} learner" + ("s" if report.learners != 1 else "")]
    if report.notes:
        lines.append("most missed notes:")
    for note in report.notes:
        retention = "-" if note.retention is None else f"{note.retention:.0%}"
        lapse = "-" if note.lapse_rate is None else f"{note.lapse_rate:.0%}"
        lines.append(
            f"  {note.deck}/{note.note}: {note.studied_by}/{note.learners} learners studied it, "
            f"{note.again} again of {note.answers}, retention {retention}, lapsed {lapse}, "
            f"{note.wrong} wrong typed answers ({note.distinct_wrong} different)"
        )
        lines += [f"    {answer.count}x {answer.text}" for answer in note.wrong_answers]
    if report.behind:
        lines.append("behind (most overdue cards):")
        lines += [
            f"  {one.profile}: {one.overdue} overdue, oldest due {one.oldest_due.astimezone():%Y-%m-%d}"
            for one in report.behind
        ]
    else:
        lines.append("nobody is behind")
    return "\n".join(lines)
