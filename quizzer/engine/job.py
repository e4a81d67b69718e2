"""Job: one snippet to run in a worker, described by plain data (torch-free)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

RESERVED_SECTIONS = ("prelude", "setup")


LEARNER_SECTION = "code"  # the answer_section of a learner's code: run under the learner cap and guard


@dataclass(frozen=True)
class Job:
    """The three snippets of a question and what they run with.

    A worker runs a job in a fresh namespace: ``exec(prelude)``, then binds ``device`` (a
    string torch accepts, such as ``"cpu"`` or ``"cuda:0"``) and every entry of ``params``,
    then ``exec(setup)``, then ``eval(answer)``. The answer's value, or the exception any of
    the three raised, is the truth. An exception raised while evaluating ``answer`` is
    labelled ``answer_section`` (``"answer"``, or ``"rule"``, or ``LEARNER_SECTION`` when a
    caller evaluates a learner's expression: that evaluation runs under ``worker.guard``). ``params`` travel as JSON: tuples arrive as lists.
    ``timeout_s=None`` means the pool's default timeout. ``memory_limit``: bytes this job
    may add to the worker's data memory (RLIMIT_DATA, set for the job only, under any cap
    of the pool's); None for only the pool's cap. Learner code runs with ``LEARNER_MEMORY_LIMIT``.
    """

    prelude: str = ""
    setup: str = ""
    answer: str = "None"
    params: Mapping[str, Any] = field(default_factory=dict)
    seed: int = 0
    timeout_s: float | None = None
    answer_section: str = "answer"
    memory_limit: int | None = None

    def __post_init__(self) -> None:
        for name in self.params:
            if not isinstance(name, str) or not name.isidentifier():
                raise ValueError(f"param name {name!r} is not a Python identifier")
        try:
            json.dumps(dict(self.params), allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"params must be JSON literals (int, float, bool, str, None, lists): {exc}") from None
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or not 0 <= self.seed < 2**64:
            raise ValueError(f"seed must be an int in [0, 2**64), got {self.seed!r}")
        if self.timeout_s is not None and not self.timeout_s > 0:
            raise ValueError(f"timeout_s must be positive, got {self.timeout_s!r}")
        if self.memory_limit is not None and (isinstance(self.memory_limit, bool) or not self.memory_limit > 0):
            raise ValueError(f"memory_limit must be a positive number of bytes, got {self.memory_limit!r}")
        if not self.answer_section.isidentifier() or self.answer_section in RESERVED_SECTIONS:
            raise ValueError(f"answer_section {self.answer_section!r} must be an identifier other than prelude/setup")

    def to_dict(self) -> dict[str, Any]:
        """JSON form, as sent to a worker."""
        return {
            "prelude": self.prelude,
            "setup": self.setup,
            "answer": self.answer,
            "params": dict(self.params),
            "seed": self.seed,
            "timeout_s": self.timeout_s,
            "answer_section": self.answer_section,
            "memory_limit": self.memory_limit,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Job:
        """Inverse of ``to_dict``."""
        return cls(**data)
