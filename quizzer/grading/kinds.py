"""The answer kinds a question may declare, and the forms each accepts."""

from __future__ import annotations

import difflib
from enum import StrEnum


class Kind(StrEnum):
    """How a typed answer is parsed and compared (docs/deck-format.md, "Answer kinds")."""

    SHAPE = "shape"
    DTYPE = "dtype"
    BOOL = "bool"
    INT = "int"
    FLOAT = "float"
    TENSOR = "tensor"
    VALUE = "value"
    STR = "str"
    EXCEPTION = "exception"
    CHOICE = "choice"
    CODE = "code"
    RECALL = "recall"


KIND_NAMES: tuple[str, ...] = tuple(kind.value for kind in Kind)

_HINTS = {
    Kind.SHAPE: "a shape, e.g. (2, 3), 2x3, [2, 3] or torch.Size([2, 3]); () if 0-d",
    Kind.DTYPE: "a dtype, e.g. float32, torch.long, f16 or bf16",
    Kind.BOOL: "True or False (also yes/no, y/n, 1/0)",
    Kind.INT: "an integer, e.g. 3 or -1",
    Kind.FLOAT: "a number, e.g. 0.5, 1e-3, 1/3, nan or inf",
    Kind.TENSOR: "a tensor, e.g. [[1, 2], [3, 4]] or tensor([1., nan])",
    Kind.VALUE: "a Python literal, e.g. (1, 2), [1.5, None], 'text' or {'a': 1}",
    Kind.STR: "text, e.g. MulBackward0 (quotes optional)",
    Kind.EXCEPTION: "an exception class, e.g. RuntimeError, or: no exception",
    Kind.CHOICE: "an option's number or its text",
    Kind.CODE: "a Python expression, e.g. x[:, -1:]",
    Kind.RECALL: "your answer in your own words, then rate yourself",
}


def hint(kind: Kind | str) -> str:
    """The accepted forms of ``kind`` in one line, short enough for an input placeholder."""
    return _HINTS[Kind(kind)]


def closest_kind(name: str) -> str | None:
    """The kind name nearest to a misspelt ``name`` (``"shap"`` -> ``"shape"``), or None."""
    matches = difflib.get_close_matches(name.strip().casefold(), KIND_NAMES, n=1, cutoff=0.6)
    return matches[0] if matches else None
