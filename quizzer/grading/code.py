"""The code kind: a learner's expression, run by the engine on trial instances, judged here.

``parse_code`` checks the text is one Python expression without running it. The engine
evaluates it and the reference in the same namespace for each instance (the one the prompt
showed, and at least two others, so a typed-in literal or the wrong dimension fails);
``grade_code`` compares the pairs by type, shape, dtype and values (tolerances of the
reference's dtype, NaN equal; list vs tuple counts) and explains the smallest failing
instance, saying whether it is the one shown.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from quizzer.grading.kinds import Kind, hint
from quizzer.grading.literals import LiteralError, parse_literal
from quizzer.grading.numerals import close, format_number
from quizzer.grading.pyparse import parse_quietly
from quizzer.grading.shapes import format_shape
from quizzer.grading.spec import TruthMismatch, one_line, with_article
from quizzer.grading.tensors import diff_values, flat_values
from quizzer.grading.values import compare_literals
from quizzer.grading.verdict import Verdict, VerdictStatus
from quizzer.outcome import Outcome, TensorData, Value, ValueType

MAX_CODE_CHARS = 2_000


class CodeTrial(NamedTuple):
    """One trial instance: its params, the learner's outcome, the reference's, and its seed (a triple works too)."""

    params: Mapping[str, Any]
    learner: Outcome
    reference: Outcome
    seed: int | None = None


def parse_code(text: str) -> str | Verdict:
    """The trimmed expression when ``text`` is one Python expression, else an ``unparsed`` verdict."""
    code = text.strip()
    problem = ""
    if not code:
        problem = "type an expression"
    elif len(code) > MAX_CODE_CHARS:
        problem = f"longer than {MAX_CODE_CHARS} characters"
    else:
        try:
            parse_quietly(code, "eval")
        except SyntaxError as exc:
            problem = _syntax_problem(code, exc)
        except (ValueError, RecursionError, MemoryError):
            problem = "not a Python expression"
    if problem:
        return Verdict(VerdictStatus.UNPARSED, f"{problem}: {hint(Kind.CODE)}", answer=code, kind=Kind.CODE.value)
    return code


def grade_code(
    trials: Iterable[tuple[Mapping[str, Any], Outcome, Outcome] | tuple[Mapping[str, Any], Outcome, Outcome, int]],
    *,
    answer: str = "",
    shown: tuple[Mapping[str, Any], int] | None = None,
) -> Verdict:
    """Correct when every instance matches; else wrong, explained on the smallest failing instance.

    ``shown`` is the (params, seed) of the instance the prompt showed: the explanation says
    whether the failing instance is that one or another.
    """
    code = answer.strip()
    runs = [CodeTrial(*trial) for trial in trials]
    if not runs:
        return _verdict(VerdictStatus.ERROR, code, "no trial instances to compare on")
    for run in runs:
        if not run.reference.ran:
            return _verdict(VerdictStatus.ERROR, code, f"the reference did not run: {run.reference.summary()}")
    try:
        failures = [(run, problem) for run in runs if (problem := compare_outcomes(run.learner, run.reference))]
    except TruthMismatch as exc:
        return _verdict(VerdictStatus.ERROR, code, str(exc))
    if not failures:
        return _verdict(VerdictStatus.CORRECT, code, note=f"matches on {_count(len(runs), 'instance')}")
    smallest, problem = min(failures, key=lambda failure: _size(failure[0].params))
    label, is_shown = _label(smallest, shown)
    tally = f"wrong on {len(failures)} of {len(runs)} instances; " if len(runs) > 1 else ""
    truth = smallest.reference.summary()
    if shown is None:
        where = f"for {label}: " if label else ""
    elif is_shown:
        where = f"for {label} (the instance shown): " if label else "on the instance shown: "
    else:
        where = f"for {label} (another instance, not the one shown): " if label else "on another instance: "
        truth = f"{truth} (for {label or 'another instance'}, not the instance shown)"
    return _verdict(VerdictStatus.WRONG, code, f"{tally}{where}{problem}", truth_text=truth)


def compare_outcomes(learner: Outcome, reference: Outcome) -> str | None:
    """None when the learner's outcome matches the reference's, else what differs."""
    if not learner.ran:
        return f"yours did not finish: {learner.summary()}"
    if learner.exception and reference.exception:
        if learner.exception.name == reference.exception.name:
            return None
        return f"yours raises {learner.exception.name}, truth raises {reference.exception.name}"
    if learner.exception:
        return f"yours raises {one_line(learner.summary(), 120)}"
    if reference.exception:
        return f"yours gives {one_line(learner.summary(), 60)}, truth raises {reference.exception.name}"
    assert learner.value is not None and reference.value is not None
    return compare_values(learner.value, reference.value)


def compare_values(mine: Value, ref: Value) -> str | None:
    """None when two values match by type, shape, dtype and values, else what differs."""
    if mine.type is not ref.type:
        return f"yours is {_describe(mine)}, truth {_describe(ref)}"
    if mine.type is ValueType.TENSOR:
        return _compare_tensors(mine.data, ref.data)
    if mine.type in (ValueType.INT, ValueType.FLOAT):
        dtype = "float64" if mine.type is ValueType.FLOAT else "int64"
        if close(mine.data, ref.data, dtype):
            return None
        return f"yours {format_number(mine.data, dtype)}, truth {format_number(ref.data, dtype)}"
    if mine.type is ValueType.COMPLEX:
        return None if close(complex(*mine.data), complex(*ref.data), "complex128") else _yours(mine, ref)
    if mine.type is ValueType.SHAPE:
        return (
            None
            if mine.data == ref.data
            else f"yours {format_shape(tuple(mine.data))}, truth {format_shape(tuple(ref.data))}"
        )
    if mine.type is ValueType.LITERAL:
        return _compare_literal_reprs(mine, ref)
    if mine.type is ValueType.OBJECT:
        return None if (mine.type_name, mine.repr) == (ref.type_name, ref.repr) else _yours(mine, ref)
    return None if mine.data == ref.data else _yours(mine, ref)


def _compare_tensors(mine: TensorData, ref: TensorData) -> str | None:
    if mine.shape != ref.shape:
        return f"yours {format_shape(mine.shape)}, truth {format_shape(ref.shape)}"
    if mine.dtype != ref.dtype:
        return f"yours is {mine.dtype}, truth {ref.dtype}"
    if mine.values is None or ref.values is None:
        return None  # too large to keep: shape and dtype are all there is to compare
    return diff_values(flat_values(mine), flat_values(ref), ref.shape, ref.dtype)


def _compare_literal_reprs(mine: Value, ref: Value) -> str | None:
    try:
        comparison = compare_literals(
            parse_literal(mine.repr, typed=False), parse_literal(ref.repr, typed=False), loose_sequences=False
        )
    except LiteralError:
        return None if mine.repr == ref.repr else _yours(mine, ref)
    return None if comparison.correct else comparison.explanation


def _yours(mine: Value, ref: Value) -> str:
    return f"yours {one_line(mine.repr, 50)}, truth {one_line(ref.repr, 50)}"


def _describe(value: Value) -> str:
    if value.type is ValueType.TENSOR and isinstance(value.data, TensorData):
        return f"a tensor {format_shape(value.data.shape)}"
    return f"{with_article(value.type_name.rpartition('.')[2] or value.type.value)} {one_line(value.repr, 40)}"


def _size(params: Mapping[str, Any]) -> tuple[float, int]:
    """How big an instance is: the sum of its numbers, then the length of its repr."""
    return (_magnitude(list(params.values())), len(repr(dict(params))))


def _magnitude(obj: Any) -> float:
    if isinstance(obj, bool):
        return float(obj)
    if isinstance(obj, int):
        return abs(obj)
    if isinstance(obj, float):
        return abs(obj) if math.isfinite(obj) else 0.0
    if isinstance(obj, list | tuple):
        return sum(_magnitude(item) for item in obj)
    return len(str(obj))


def _label(trial: CodeTrial, shown: tuple[Mapping[str, Any], int] | None) -> tuple[str, bool]:
    """The trial's params (and seed, when not the one shown) as ``n=3, seed 7``, and whether it is the one shown."""
    label = _format_params(trial.params)
    if shown is None:
        return label, False
    if trial.seed is not None and trial.seed != shown[1]:
        label = f"{label}, seed {trial.seed}" if label else f"seed {trial.seed}"
    return label, dict(trial.params) == dict(shown[0]) and trial.seed in (None, shown[1])


def _format_params(params: Mapping[str, Any]) -> str:
    return ", ".join(f"{name}={one_line(repr(value), 40)}" for name, value in params.items())


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _syntax_problem(code: str, exc: SyntaxError) -> str:
    try:
        parse_quietly(code, "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return f"not Python: {exc.msg}"
    return "a statement, not an expression"


def _verdict(
    status: VerdictStatus, code: str, explanation: str = "", note: str = "", truth_text: str | None = None
) -> Verdict:
    return Verdict(status, explanation, note, code, truth_text, Kind.CODE.value)
