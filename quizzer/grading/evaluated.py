"""Typed answers that are Python expressions: which ones a worker evaluates, and grading their values.

A learner writes ``torch.Size([4 * 20, 10])``, ``torch.tensor([1, 2]) * 2``, ``np.array([1, 2])``
or ``math.log(2)``. Literal forms (``literals``) are read at once; an answer that is not
readable for its kind but parses as an expression that computes something (a call, an
operator, an attribute, an index) is evaluated by a worker in a fresh namespace holding
torch, numpy (as ``np`` and ``numpy``) and math only (``EVAL_PRELUDE``; never the question's
names, so its own expression cannot be pasted back), with the usual time and memory limits.
Its value is then written as a literal and graded as if typed; the verdict keeps the text
the learner typed. An expression that raises or names something undefined is ``unparsed``.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Sequence

from quizzer.grading.exceptions import parse_exception, says_no_exception
from quizzer.grading.grader import grade
from quizzer.grading.judging import DEFAULT, Judging
from quizzer.grading.kinds import Kind, hint
from quizzer.grading.pyparse import parse_quietly
from quizzer.grading.spec import one_line
from quizzer.grading.tensors import render_tensor
from quizzer.grading.verdict import Verdict, VerdictStatus
from quizzer.outcome import Outcome, Status, TensorData, Value, ValueType

EVAL_PRELUDE = "import math\nimport numpy\nimport numpy as np\nimport torch"
MAX_EXPRESSION_CHARS = 2_000
_EVALUATED_KINDS = (Kind.SHAPE, Kind.DTYPE, Kind.BOOL, Kind.INT, Kind.FLOAT, Kind.TENSOR, Kind.VALUE)
_COMPUTES = (ast.Call, ast.BinOp, ast.UnaryOp, ast.Attribute, ast.Subscript, ast.Compare, ast.BoolOp)


def expression_to_evaluate(kind: Kind | str, text: str, *, readable_now: bool) -> str | None:
    """The expression a worker should evaluate for this answer, or None when it is read without one.

    ``readable_now`` says whether the grader reads ``text`` as it is (then nothing runs).
    """
    kind = Kind(kind)
    code = text.strip()
    if readable_now or kind not in _EVALUATED_KINDS or not code or len(code) > MAX_EXPRESSION_CHARS:
        return None
    if parse_exception(code) is not None or says_no_exception(code):
        return None
    try:
        tree = parse_quietly(code, "eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    assert isinstance(tree, ast.Expression)
    return code if any(isinstance(node, _COMPUTES) for node in ast.walk(tree.body)) else None


def as_typed(value: Value) -> str | None:
    """An evaluated value written as a literal, or None when it has none.

    Floats are written with all their digits: a computed value carries no typed precision
    (``4.0`` typed means "4 to one decimal"; ``4.0`` computed means exactly 4).
    """
    match value.type:
        case ValueType.TENSOR if isinstance(value.data, TensorData) and value.data.values is not None:
            if value.data.dtype.startswith("complex"):  # values stored as [real, imag] pairs
                return render_tensor(value.data)
            return f"tensor({_exact(value.data.values)}, dtype={value.data.dtype})"
        case ValueType.SHAPE:
            return f"torch.Size({list(value.data)})"
        case ValueType.DTYPE | ValueType.DEVICE:
            return str(value.data)
        case ValueType.BOOL | ValueType.INT:
            return str(value.data)
        case ValueType.FLOAT:
            return _exact(float(value.data))
        case ValueType.COMPLEX:
            return repr(complex(*value.data))
        case ValueType.NONE:
            return "None"
        case ValueType.STR | ValueType.LITERAL:
            return value.repr
    return None


def shown(value: Value) -> str:
    """An evaluated value as the note ``read as ...`` shows it (shortest digits)."""
    if value.type is ValueType.TENSOR and isinstance(value.data, TensorData) and value.data.values is not None:
        return render_tensor(value.data)
    if value.type is ValueType.FLOAT:
        return repr(float(value.data))
    return as_typed(value) or value.repr


def _exact(data: object) -> str:
    """Nested lists of numbers with every float written to full precision (17 significant digits)."""
    if isinstance(data, list):
        return "[" + ", ".join(_exact(item) for item in data) + "]"
    if isinstance(data, float) and math.isfinite(data):
        return f"{data:.17e}"
    return repr(data) if not isinstance(data, float) else str(data)


def unevaluated(kind: Kind | str, text: str, evaluated: Outcome) -> Verdict | None:
    """The ``unparsed`` verdict for an expression that gave no value (raised, timed out ...), else None."""
    if evaluated.status is Status.VALUE and evaluated.value is not None:
        return None
    kind = Kind(kind)
    if evaluated.exception is not None:
        exc = evaluated.exception
        if exc.name == "NameError":
            why = f"{one_line(exc.message, 80)}: answers are evaluated with torch, numpy (np) and math only"
        else:
            why = f"evaluating it raised {exc.name}: {one_line(exc.message, 80)}"
    else:
        why = f"evaluating it did not finish: {one_line(evaluated.summary(), 80)}"
    return Verdict(VerdictStatus.UNPARSED, f"{why}; {hint(kind)}", answer=one_line(text, 200), kind=kind.value)


def grade_evaluated(
    kind: Kind | str,
    text: str,
    evaluated: Outcome,
    truth: Outcome | None,
    *,
    choices: Sequence[str] | None = None,
    judging: Judging = DEFAULT,
) -> Verdict:
    """Grade an answer the worker evaluated (``evaluated``) as if its value had been typed."""
    early = unevaluated(kind, text, evaluated)
    if early is not None:
        return early
    assert evaluated.value is not None
    typed = as_typed(evaluated.value)
    verdict = grade(kind, typed if typed is not None else text, truth, choices=choices, judging=judging)
    if typed is not None and verdict.status in (VerdictStatus.CORRECT, VerdictStatus.WRONG):
        read = f"read as {one_line(shown(evaluated.value), 80)}"
        note = f"{read}; {verdict.note}" if verdict.note else read
        return Verdict(verdict.status, verdict.explanation, note, one_line(text, 200), verdict.truth_text, verdict.kind)
    return verdict
