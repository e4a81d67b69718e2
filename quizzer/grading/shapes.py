"""The shape kind: ``(2, 3)``, ``2,3``, ``[2, 3]``, ``2x3``, ``2 × 3``, ``torch.Size([2, 3])``, ``()``.

Dims may be arithmetic, as PyTorch's docs write them: ``(4*20, 10)`` is ``(80, 10)``. A ``*``
between bare numbers with no comma (``2*3``) separates dims, like ``x``.
"""

from __future__ import annotations

import re

from quizzer.grading.literals import LiteralError, parse_literal
from quizzer.grading.spec import Comparison, KindSpec, mismatch
from quizzer.outcome import Value, ValueType

Shape = tuple[int, ...]

_SIZE_CALL = re.compile(r"(?:torch\s*\.\s*)?size\s*\((.*)\)", re.IGNORECASE | re.DOTALL)
_DIMS = re.compile(r"[0-9]+(?:\s*[,x×*]\s*[0-9]+|\s+[0-9]+)*\s*,?", re.IGNORECASE)
_SCALAR_WORDS = {"scalar", "0-d", "0d", "0-dim", "0 dim", "0-dimensional", "zero-dim", "0 dims", "torch.size([])"}


def parse_shape(text: str) -> Shape | None:
    """Read a typed shape; ``5`` and ``(5,)`` are 1-d, ``()``/``[]``/``scalar`` 0-d; None if unreadable."""
    body = text.strip()
    if body.casefold() in _SCALAR_WORDS:
        return ()
    if "," in body or not _DIMS.fullmatch(body.strip("()[]")):
        dims = _literal_dims(body)
        if dims is not None:
            return dims
    call = _SIZE_CALL.fullmatch(body)
    if call:
        body = call[1].strip()
    if body[:1] + body[-1:] in ("()", "[]"):
        body = body[1:-1].strip()
    if not body:
        return ()
    if not _DIMS.fullmatch(body):
        return None
    try:
        return tuple(int(dim) for dim in re.findall(r"[0-9]+", body))
    except ValueError:  # more digits than int() allows
        return None


def _literal_dims(text: str) -> Shape | None:
    """The dims of a tuple, list or torch.Size literal (arithmetic allowed), or one whole number."""
    try:
        dims = parse_literal(text, typed=False)
    except LiteralError:
        return None
    if type(dims) is int and dims >= 0:
        return (dims,)
    if isinstance(dims, list | tuple) and all(type(d) is int and d >= 0 for d in dims):
        return tuple(dims)
    return None


def shape_truth(value: Value) -> Shape:
    """A torch.Size, or a tuple/list of whole numbers (e.g. ``tuple(x.shape)``)."""
    if value.type is ValueType.SHAPE:
        return tuple(value.data)
    if value.type is ValueType.LITERAL:
        try:
            dims = parse_literal(value.repr, typed=False)
        except LiteralError:
            dims = None
        if isinstance(dims, list | tuple) and all(type(d) is int and d >= 0 for d in dims):
            return tuple(dims)
    raise mismatch(value, "a shape")


def format_shape(dims: Shape) -> str:
    """``(2, 3)``, ``(5,)`` or ``()``: a shape as a Python tuple."""
    return f"({dims[0]},)" if len(dims) == 1 else "(" + ", ".join(map(str, dims)) + ")"


def compare_shapes(answer: Shape, truth: Shape) -> Comparison:
    """Exact dims; a wrong answer says which dims differ."""
    if answer == truth:
        return Comparison(True)
    return Comparison(False, explain_shapes(answer, truth))


def explain_shapes(answer: Shape, truth: Shape) -> str:
    """What differs between two shapes: the number of dims, a swap, or the dims that differ."""
    if len(answer) != len(truth):
        return (
            f"you gave {_dims(len(answer))} {format_shape(answer)}; the truth has {len(truth)} {format_shape(truth)}"
            f"{_size_one_hint(answer, truth)}"
        )
    differ = [i for i, (a, t) in enumerate(zip(answer, truth, strict=True)) if a != t]
    if len(differ) == 2:
        i, j = differ
        if answer[i] == truth[j] and answer[j] == truth[i]:
            return f"dims {i} and {j} swapped"
    if sorted(answer) == sorted(truth):
        return "the right sizes in the wrong order"
    return "; ".join(f"dim {i} is {answer[i]}, truth {truth[i]}" for i in differ)


def _dims(count: int) -> str:
    return "1 dim" if count == 1 else f"{count} dims"


def _size_one_hint(answer: Shape, truth: Shape) -> str:
    """`` (extra size-1 dim 1)`` when the shapes differ by one dim of size 1."""
    longer, shorter, word = (answer, truth, "extra") if len(answer) > len(truth) else (truth, answer, "missing")
    if len(longer) != len(shorter) + 1:
        return ""
    for i, dim in enumerate(longer):
        if dim == 1 and longer[:i] + longer[i + 1 :] == shorter:
            return f" ({word} size-1 dim {i})"
    return ""


SPEC: KindSpec[Shape, Shape] = KindSpec(parse_shape, shape_truth, compare_shapes, format_shape, format_shape)
