"""Safe reading of typed values: Python literals plus what torch prints, never ``eval``.

Accepted: numbers, strings, None, True/False (``none``, ``true``, ``false`` in any case),
lists, tuples, sets, dicts, ``set()``, unary signs, complex literals (``1.+2.j``),
arithmetic on numbers (``4*20``, ``1/(1-0.75)``, ``2**10``, ``7//2``, ``7%2``; bounded so it
stays instant), ``nan``/``inf``
(also ``math.``/``torch.``/``np.`` prefixed, ``float('nan')``, ``nanj``/``infj`` as torch
prints complex parts), ``torch.Size([...])`` (read as a tuple) and ``tensor(...)``/
``torch.tensor(...)`` with ``dtype=`` and ``size=`` keywords (other keywords ignored; a
printed ``grad_fn=<...>`` and a ``Parameter containing:`` header are dropped first).
Floats typed with decimals keep their precision (see ``numerals``).
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass
from typing import Any

from quizzer.grading.dtypes import canonical_dtype
from quizzer.grading.numerals import TypedComplex, TypedFloat, step_of, with_sign
from quizzer.grading.pyparse import parse_quietly

MAX_CHARS = 100_000

_GRAD_FN = re.compile(r",\s*grad_fn=<[^<>]*>")
_PARAMETER = re.compile(r"^\s*Parameter containing:\s*")
_SPECIAL = {"nan": math.nan, "inf": math.inf, "infinity": math.inf}
_WORDS: dict[str, Any] = {"none": None, "true": True, "false": False}
_MAX_POWER = 1024  # exponents and results of ** stay small enough to compute at once
_MAX_INT_BITS = 4096
_MODULES = {"math", "torch", "np", "numpy"}
_TENSOR_CALLS = {"tensor", "torch.tensor"}
_SIZE_CALLS = {"size", "torch.size"}


class LiteralError(ValueError):
    """The text is not a value this module reads; the message says why."""


@dataclass(frozen=True)
class TensorLiteral:
    """A typed ``tensor(...)``: its data (nested lists or a scalar) and the keywords that matter."""

    data: Any
    dtype: str | None = None
    size: tuple[int, ...] | None = None


def parse_literal(text: str, *, typed: bool = True) -> Any:
    """Read ``text`` as a value; floats keep their typed precision unless ``typed`` is False.

    Raises LiteralError for anything else, including text too long or too deeply nested.
    """
    if len(text) > MAX_CHARS:
        raise LiteralError(f"longer than {MAX_CHARS} characters")
    source = _GRAD_FN.sub("", _PARAMETER.sub("", text)).replace("\r\n", "\n").replace("\r", "\n").strip()
    try:
        tree = parse_quietly(source, "eval")
        assert isinstance(tree, ast.Expression)
        return _Reader(source, typed).read(tree.body)
    except LiteralError:
        raise
    except (SyntaxError, ValueError, TypeError, OverflowError, ZeroDivisionError, RecursionError, MemoryError) as exc:
        raise LiteralError(type(exc).__name__) from None


def _dotted_name(node: ast.expr) -> str | None:
    """``torch.float32`` for an attribute chain of names, None for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted_name(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


class _Reader:
    """Walks an expression tree, allowing only the nodes listed in the module doc."""

    def __init__(self, source: str, typed: bool) -> None:
        self.lines = [line.encode() for line in source.split("\n")]  # ast columns count UTF-8 bytes
        self.typed = typed

    def read(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            return with_sign(self._number(node.operand), isinstance(node.op, ast.USub))
        if isinstance(node, ast.BinOp):
            return self._binop(node)
        if isinstance(node, ast.Name | ast.Attribute):
            return self._special(node)
        if isinstance(node, ast.List):
            return [self.read(item) for item in node.elts]
        if isinstance(node, ast.Tuple):
            return tuple(self.read(item) for item in node.elts)
        if isinstance(node, ast.Set):
            return {self.read(item) for item in node.elts}
        if isinstance(node, ast.Dict):
            keys = [key for key in node.keys if key is not None]
            if len(keys) != len(node.keys):
                raise LiteralError("** in a dict")
            return {self.read(k): self.read(v) for k, v in zip(keys, node.values, strict=True)}
        if isinstance(node, ast.Call):
            return self._call(node)
        raise LiteralError(f"not a literal: {type(node).__name__}")

    def _constant(self, node: ast.Constant) -> Any:
        value = node.value
        if value is Ellipsis or isinstance(value, bytes):
            raise LiteralError("elided values (...)" if value is Ellipsis else "bytes")
        if isinstance(value, float | complex) and self.typed:
            step = step_of(self._segment(node))
            if step is not None:
                return TypedFloat(value, step) if isinstance(value, float) else TypedComplex(value, (None, step))
        return value

    def _segment(self, node: ast.expr) -> str:
        """The source text of a one-line node (``ast.get_source_segment`` re-splits per call)."""
        if node.lineno != node.end_lineno or node.end_col_offset is None:
            return ""
        return self.lines[node.lineno - 1][node.col_offset : node.end_col_offset].decode(errors="replace")

    def _number(self, node: ast.expr) -> Any:
        value = self.read(node)
        if isinstance(value, bool) or not isinstance(value, int | float | complex):
            raise LiteralError("a sign on something that is not a number")
        return value

    def _binop(self, node: ast.BinOp) -> Any:
        left, right = self._number(node.left), self._number(node.right)
        if isinstance(node.op, ast.Div) and type(left) is int and type(right) is int:
            return left / right
        if isinstance(node.op, ast.Add | ast.Sub) and not isinstance(left, complex) and _imaginary(right):
            imag = with_sign(right, isinstance(node.op, ast.Sub))
            value = complex(float(left), imag.imag)
            steps = (left.step if isinstance(left, TypedFloat) else None, _imag_step(imag))
            return TypedComplex(value, steps) if any(steps) else value
        return _arithmetic(node.op, left, right)

    def _special(self, node: ast.Name | ast.Attribute) -> Any:
        name = (_dotted_name(node) or "").casefold()
        if name in _WORDS:
            return _WORDS[name]
        module, _, last = name.rpartition(".")
        if module and module not in _MODULES:
            raise LiteralError(f"unknown name {name}")
        if last in _SPECIAL:
            return _SPECIAL[last]
        if last.endswith("j") and last[:-1] in _SPECIAL and not module:
            return complex(0.0, _SPECIAL[last[:-1]])
        raise LiteralError(f"unknown name {name}")

    def _call(self, node: ast.Call) -> Any:
        name = (_dotted_name(node.func) or "").casefold()
        args = node.args
        if name in _TENSOR_CALLS and len(args) == 1:
            keywords = {kw.arg: kw.value for kw in node.keywords if kw.arg}
            return TensorLiteral(
                self.read(args[0]), self._dtype(keywords.get("dtype")), self._size(keywords.get("size"))
            )
        if node.keywords:
            raise LiteralError(f"keywords in {name}()")
        if name in _SIZE_CALLS and len(args) <= 1:
            return self._size(args[0]) if args else ()
        if name == "float" and len(args) == 1:
            word = self.read(args[0])
            if isinstance(word, str) and word.strip().casefold().lstrip("+-") in _SPECIAL:
                return float(word)
        if name == "set" and not args:
            return set()
        raise LiteralError(f"call to {name or 'an expression'}")

    def _dtype(self, node: ast.expr | None) -> str | None:
        if node is None:
            return None
        text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else _dotted_name(node)
        dtype = canonical_dtype(text or "")
        if dtype is None:
            raise LiteralError("unknown dtype")
        return dtype

    def _size(self, node: ast.expr | None) -> tuple[int, ...] | None:
        if node is None:
            return None
        dims = self.read(node)
        if not isinstance(dims, list | tuple) or not all(type(d) is int and d >= 0 for d in dims):
            raise LiteralError("a size is a list of whole numbers")
        return tuple(dims)


def _arithmetic(op: ast.operator, left: Any, right: Any) -> Any:
    """``left op right`` for + - * / // % **, plain (untyped) numbers; bounded so it is instant."""
    left, right = _plain(left), _plain(right)
    if isinstance(op, ast.Pow):
        if isinstance(right, complex) or abs(right) > _MAX_POWER or (isinstance(left, int) and abs(left) > 2**64):
            raise LiteralError("a power too large to read")
        result = left**right
    elif isinstance(op, ast.Add):
        result = left + right
    elif isinstance(op, ast.Sub):
        result = left - right
    elif isinstance(op, ast.Mult):
        result = left * right
    elif isinstance(op, ast.Div):
        result = left / right
    elif isinstance(op, ast.FloorDiv) and not isinstance(left, complex) and not isinstance(right, complex):
        result = left // right
    elif isinstance(op, ast.Mod) and not isinstance(left, complex) and not isinstance(right, complex):
        result = left % right
    else:
        raise LiteralError("an operator other than + - * / // % **")
    if isinstance(result, int) and result.bit_length() > _MAX_INT_BITS:
        raise LiteralError("a number too large to read")
    return result


def _plain(number: Any) -> Any:
    """A number without its typed precision: a computed result is exact, whatever digits were typed."""
    if isinstance(number, TypedFloat):
        return float(number)
    if isinstance(number, TypedComplex):
        return complex(number)
    return number


def _imaginary(value: float | complex) -> bool:
    return isinstance(value, complex) and value.real == 0


def _imag_step(value: float | complex) -> float | None:
    return value.steps[1] if isinstance(value, TypedComplex) else None
