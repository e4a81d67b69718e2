"""What `quizzer check` found for each question, as plain data for every report format."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the home screen reads check results without loading the YAML fixer
    from quizzer.checking.fixer import ExpectEdit
    from quizzer.outcome import Outcome


class CheckStatus(StrEnum):
    """A question's result: it ran and matched, ran and differed, did not run, or does not apply."""

    PASSED = "passed"
    FAILED = "failed"  # ran; the truth differs from expect or rule, or is nondeterministic
    ERROR = "error"  # did not run: syntax, timeout, crash, memory, a broken prelude or rule
    SKIPPED = "skipped"  # requirements not met on this device or torch


@dataclass
class QuestionResult:
    """The verdict on one question, with enough detail to explain and to fix it."""

    id: str
    path: Path | None
    line: int
    kind: str
    status: CheckStatus
    message: str = ""
    expect: str | None = None
    truth: Outcome | None = None
    instances: int = 0
    run_seconds: float = 0.0  # time its snippets ran in workers, all runs and instances together
    edit: ExpectEdit | None = None  # what --fix (wrong expect) or --create (missing) would write
    missing_expect: bool = False
    fixed: bool = False
    details: list[str] = field(default_factory=list)

    @property
    def location(self) -> str:
        """``path:line`` of the question in its deck."""
        return f"{self.path}:{self.line}" if self.path else self.id

    def to_dict(self) -> dict[str, Any]:
        """JSON form for ``--format json``."""
        return {
            "id": self.id,
            "status": self.status.value,
            "message": self.message,
            "kind": self.kind,
            "path": str(self.path) if self.path else None,
            "line": self.line,
            "expect": self.expect,
            "outcome": self.truth.to_dict() if self.truth else None,
            "instances": self.instances,
            "run_seconds": round(self.run_seconds, 6),
            "details": self.details,
            "fixed": self.fixed,
        }


def tally(results: list[QuestionResult]) -> dict[str, int]:
    """How many results have each status."""
    return {status.value: sum(1 for r in results if r.status is status) for status in CheckStatus}
