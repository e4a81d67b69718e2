"""Problems found in deck files, reported as ``path:line:col: message``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a deck file, at a 1-based line and column.

    A ``warning`` is a likely mistake that does not stop the deck from loading; only
    ``quizzer lint`` reports warnings (and fails on them with ``--strict``).
    """

    path: Path
    line: int
    col: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        label = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}:{self.col}: {label}{self.message}"

    def to_dict(self) -> dict[str, object]:
        """JSON form for ``--json`` output."""
        return {
            "path": str(self.path),
            "line": self.line,
            "col": self.col,
            "message": self.message,
            "severity": "warning" if self.warning else "error",
        }


class DeckInvalid(Exception):
    """Raised when deck files have problems; carries every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A `` (did you mean 'x'?)`` suffix naming the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
