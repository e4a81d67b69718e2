"""Parsing learner text as Python without letting the compiler print warnings to the terminal."""

from __future__ import annotations

import ast
import warnings


def parse_quietly(source: str, mode: str) -> ast.AST:
    """``ast.parse`` with SyntaxWarnings (e.g. "invalid decimal literal") silenced; errors still raise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        return ast.parse(source, mode=mode)
