"""Parsing a deck's Python (prelude, setup, answer, rule) without letting hostile text crash the parser's caller.

A deck is untrusted text until it is trusted, and ``lint`` reads any deck: ``---...-1``
with thousands of signs raises RecursionError or MemoryError inside ``ast.parse``, and
slightly shallower nesting parses but fails later in ``compile``. Both become an
ordinary ``SyntaxError`` here, so a deck problem with the file's line, and nesting
deeper than ``MAX_NESTING`` is refused up front.
"""

from __future__ import annotations

import ast
import warnings

MAX_NESTING = 100  # expressions nested deeper than this are refused (no real snippet comes near)


def parse_snippet(text: str, mode: str = "exec") -> ast.AST:
    """``ast.parse`` that raises SyntaxError (never RecursionError, MemoryError or ValueError) on any bad text."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text, mode=mode)
    except (RecursionError, MemoryError):
        raise SyntaxError(f"nested too deeply to compile (at most {MAX_NESTING} levels)") from None
    except ValueError as error:  # a NUL character
        raise SyntaxError(str(error)) from None
    if _depth(tree) > MAX_NESTING:
        raise SyntaxError(f"nested too deeply to compile (at most {MAX_NESTING} levels)")
    return tree


def _depth(tree: ast.AST) -> int:
    """How deeply the tree's nodes nest (iteratively: a deep tree must not exhaust the stack here either)."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest
