"""Execution engine: run deck snippets in warm torch worker processes and return plain Outcomes.

The public API is torch-free; only worker processes import torch, through the
``quizzer.engine.worker`` package (an import contract checks this).
"""

from quizzer.engine.errors import DeviceUnavailable, EngineError, PoolClosed, WorkerStartError
from quizzer.engine.job import LEARNER_SECTION, Job
from quizzer.engine.limits import (
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_TIMEOUT_S,
    HARD_KILL_GRACE_S,
    LEARNER_MEMORY_LIMIT,
    OUTPUT_HARD_CAP_BYTES,
    OUTPUT_KEEP_BYTES,
    TENSOR_VALUES_MAX,
    parse_size,
)
from quizzer.engine.pool import WorkerPool

__all__ = [
    "DEFAULT_MEMORY_LIMIT",
    "DEFAULT_TIMEOUT_S",
    "HARD_KILL_GRACE_S",
    "LEARNER_MEMORY_LIMIT",
    "LEARNER_SECTION",
    "OUTPUT_HARD_CAP_BYTES",
    "OUTPUT_KEEP_BYTES",
    "TENSOR_VALUES_MAX",
    "DeviceUnavailable",
    "EngineError",
    "Job",
    "PoolClosed",
    "WorkerPool",
    "WorkerStartError",
    "parse_size",
]
