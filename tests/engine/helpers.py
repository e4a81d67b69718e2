"""Helpers shared by the engine tests."""

from __future__ import annotations

import ast
from typing import Any

from quizzer.engine import Job, WorkerPool
from quizzer.outcome import Outcome, Status

PRELUDE = "import os\nimport torch\nimport numpy as np\n"


def job(answer: str, setup: str = "", prelude: str = PRELUDE, **fields: Any) -> Job:
    """A job with the usual os/torch/numpy prelude."""
    return Job(prelude=prelude, setup=setup, answer=answer, **fields)


def run(pool: WorkerPool, answer: str, setup: str = "", **fields: Any) -> Outcome:
    """Run one job on ``pool`` and return its outcome."""
    return pool.run(job(answer, setup, **fields))


def literal(outcome: Outcome) -> Any:
    """The Python value of a LITERAL/INT/... outcome, read back from its repr."""
    assert outcome.status is Status.VALUE, outcome
    assert outcome.value is not None
    return ast.literal_eval(outcome.value.repr)
