"""The verdict on one typed answer: plain data, stored with each review."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class VerdictStatus(StrEnum):
    """How an answer was judged."""

    CORRECT = "correct"
    WRONG = "wrong"  # `explanation` says what differs
    UNPARSED = "unparsed"  # not readable for the kind; `explanation` lists accepted forms; not a miss
    ERROR = "error"  # no truth to compare with (timeout, crash, a kind that does not fit ...)
    SELF_GRADED = "self_graded"  # recall: reveal `truth`, the learner rates


@dataclass(frozen=True)
class Verdict:
    """A graded answer: status, why, and both sides as a learner would type them."""

    status: VerdictStatus
    explanation: str = ""  # one line: what differs, the accepted forms, or why there is no truth
    note: str = ""  # worth knowing even when correct, e.g. the exact exception class
    answer: str = ""  # the typed answer, normalised ("float32" for "torch.float")
    truth_text: str | None = None  # the truth as a learner would type it; None when unknown
    kind: str = ""

    @property
    def recordable(self) -> bool:
        """True when the verdict is a review result (correct or wrong), not a retry or a failure."""
        return self.status in (VerdictStatus.CORRECT, VerdictStatus.WRONG)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self) | {"status": self.status.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        """Inverse of ``to_dict``."""
        return cls(
            status=VerdictStatus(data["status"]),
            explanation=data.get("explanation", ""),
            note=data.get("note", ""),
            answer=data.get("answer", ""),
            truth_text=data.get("truth_text"),
            kind=data.get("kind", ""),
        )
