"""`quizzer stats`: reviews per day, the due forecast, retention and the weakest notes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from quizzer.cli.app import app
from quizzer.cli.output import emit_json

if TYPE_CHECKING:
    from quizzer.review.stats import Stats


@app.command()
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document on stdout.")] = False,
    whole_class: Annotated[
        bool, typer.Option("--class", help="Every profile on the database: most-missed notes, who is behind.")
    ] = False,
    show_answers: Annotated[
        bool,
        typer.Option(
            "--show-answers", help="With --class: list the wrong typed answers' texts (default: counts only)."
        ),
    ] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="With --class: notes and learners listed.")] = 20,
) -> None:
    """Due forecast, retention, streaks and weakest notes (--class: the whole class's)."""
    from quizzer.cli.review_cmd import open_service

    if whole_class:
        from quizzer.cli.class_cmd import class_stats

        class_stats(as_json, show_answers, limit)
        return
    if show_answers:
        raise typer.BadParameter("only with --class", param_hint="--show-answers")
    from quizzer.fitting.report import parameters_document, parameters_line

    with open_service() as service:
        result = service.stats(datetime.now(UTC))
        fitted = service.fitted_parameters().get("")
    if as_json:
        emit_json({**result.to_dict(), "fsrs_parameters": parameters_document(fitted)})
    else:
        typer.echo(text_report(result) + "\n" + parameters_line(fitted))


def text_report(result: Stats) -> str:
    """The statistics as a few lines of plain text."""
    from quizzer.review.stats import CALENDAR_DAYS

    studied = sum(result.calendar.values())
    lines = [
        f"reviews: {result.total_reviews} in all, {studied} in the last {CALENDAR_DAYS} days; streak {result.streak} day"
        + ("s" if result.streak != 1 else ""),
        "next due: "
        + (result.next_due.astimezone().strftime("%Y-%m-%d %H:%M") if result.next_due else "nothing scheduled"),
        f"due in the next 7 days: {' '.join(map(str, result.forecast[:7]))} (30 days: {sum(result.forecast)})",
    ]
    if result.retention:
        lines.append(
            "retention by week: " + " ".join(f"{week.start:%m-%d} {week.rate:.0%}" for week in result.retention)
        )
    if result.weakest:
        lines.append("weakest notes:")
        lines += [
            f"  {note.deck}/{note.note}: {note.lapses} lapses, {note.again}/{note.reviews} again ({note.again_rate:.0%})"
            for note in result.weakest
        ]
    return "\n".join(lines)
