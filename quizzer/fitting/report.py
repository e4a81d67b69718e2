"""The words of an optimization, shared by ``quizzer optimize`` and the TUI's stats screen."""

from __future__ import annotations

from typing import Any

from quizzer.fitting.optimize import Optimization
from quizzer.scheduling.fit_policy import HELD_OUT_SHARE, Scores
from quizzer.store.parameters import FittedParameters


def parameters_line(fitted: FittedParameters | None) -> str:
    """Which FSRS parameters schedule: the defaults, or fitted when and on how many answers."""
    if fitted is None:
        return "FSRS parameters: the defaults"
    return f"FSRS parameters: fitted {fitted.fitted_at:%Y-%m-%d} on {fitted.review_count:,} answers"


def parameters_document(fitted: FittedParameters | None) -> dict[str, Any] | None:
    """The fitted parameters as JSON (``stats --json``); None for the defaults."""
    if fitted is None:
        return None
    return {
        "fitted_at": fitted.fitted_at.isoformat(),
        "review_count": fitted.review_count,
        "log_loss": fitted.log_loss,
        "rmse": fitted.rmse,
        "parameters": list(fitted.parameters),
    }


def _current_label(run: Optimization) -> str:
    previous = run.previous
    return "current (defaults)" if previous is None else f"current (fitted {previous.fitted_at:%Y-%m-%d})"


def scores_rows(run: Optimization) -> list[tuple[str, Scores]]:
    """(label, scores) of the current and the fitted parameters on the held-out reviews."""
    result = run.result
    if result.current is None or result.fitted is None:
        return []
    return [(_current_label(run), result.current), ("fitted", result.fitted)]


def verdict_line(run: Optimization) -> str:
    """What happened to the fitted parameters: adopted, kept out, or (dry run) what would happen."""
    if run.result.refused:
        return run.result.refused
    if run.adopted:
        return "adopted: the fitted parameters schedule from the next answer (`quizzer optimize --reset` undoes it)"
    if not run.better:
        return "kept the current parameters: the fitted ones predict the held-out reviews no better"
    return "dry run: the fitted parameters would be adopted (nothing was changed)"


def retention_line(run: Optimization) -> str:
    """The configured desired retention, and the one with the least work under the fitted parameters."""
    line = f"desired retention {run.desired_retention:.2f} (config: [scheduling] desired_retention)"
    optimum = run.result.optimal_retention
    if optimum is None:
        return line
    floor = " (the lowest it simulates)" if optimum <= 0.70 else ""
    return f"{line}; the least work per card remembered is at {optimum:.2f}{floor}"


def text(run: Optimization) -> str:
    """The whole report as plain lines."""
    result = run.result
    scope = f"deck {run.preset}" if run.preset else "all decks"
    lines = [
        f"{result.answers:,} answers ({scope}): fitted on {result.fit_reviews:,} reviews a day or more after "
        f"the card's previous one, scored on the latest {HELD_OUT_SHARE:.0%} ({result.held_out_reviews:,} reviews)"
    ]
    rows = scores_rows(run)
    if rows:
        width = max(len(label) for label, _ in rows)
        lines.append(f"{'':{width}}  log loss    RMSE")
        lines += [f"{label:{width}}  {scores.log_loss:8.4f}  {scores.rmse:6.2%}" for label, scores in rows]
    lines.append(verdict_line(run))
    if rows:
        lines.append(retention_line(run))
    return "\n".join(lines)


def document(run: Optimization) -> dict[str, Any]:
    """The report as JSON (``optimize --json``)."""
    result = run.result
    return {
        "preset": run.preset or None,
        "answers": result.answers,
        "fit_reviews": result.fit_reviews,
        "held_out_reviews": result.held_out_reviews,
        "refused": result.refused,
        "current": _scores(result.current),
        "fitted": _scores(result.fitted),
        "parameters": result.parameters,
        "better": run.better,
        "adopted": run.adopted,
        "dry_run": run.dry_run,
        "desired_retention": run.desired_retention,
        "optimal_retention": result.optimal_retention,
    }


def _scores(scores: Scores | None) -> dict[str, float] | None:
    return {"log_loss": scores.log_loss, "rmse": scores.rmse} if scores else None
