"""Learner code runs under a memory cap (issue 13, item 3): ``Job.memory_limit``, applied in the worker.

A ``code`` answer is executed in the sandboxed worker; before the fix only the timeout
applied, so ``len(bytearray(2**31))`` allocated 2 GiB in review, grade and show. The
allocations below (1.5 GiB) exceed ``LEARNER_MEMORY_LIMIT`` (1 GiB) but stay under the
caps of the test pool and of the probe process, so a regression fails without
threatening the machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from quizzer.engine import LEARNER_MEMORY_LIMIT, Job, WorkerPool
from quizzer.outcome import Status
from tests.conftest import REPO

HOG = "len(bytearray(3 * 2**29))"  # 1.5 GiB
BEHAVIOURS = REPO / "tests" / "checking" / "decks" / "behaviours.yaml"
QUIZZER = Path(sys.executable).parent / "quizzer"


def test_a_job_with_a_memory_limit_runs_out_of_memory_where_one_without_does_not(pool: WorkerPool) -> None:
    capped = pool.run(Job(answer=HOG, memory_limit=LEARNER_MEMORY_LIMIT, answer_section="code"))
    assert capped.status is Status.OUT_OF_MEMORY, capped
    assert pool.run(Job(answer="1 + 1")).value is not None  # the worker was replaced; the next job runs
    uncapped = pool.run(Job(answer=HOG))  # only the pool's 2 GiB cap: it fits
    assert uncapped.status is Status.VALUE and uncapped.value is not None and uncapped.value.data == 3 * 2**29


def test_every_job_that_runs_learner_text_carries_the_learner_cap() -> None:
    from quizzer.study.judge import evaluation_job

    assert evaluation_job("1 + 1", 0, None).memory_limit == LEARNER_MEMORY_LIMIT


def test_a_memory_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="memory_limit"):
        Job(memory_limit=0)
    assert Job.from_dict(Job(memory_limit=5).to_dict()).memory_limit == 5


def _data_cap() -> None:
    limit = 3 * 2**30  # the grade process and its worker: a regression's 1.5 GiB fits, never more
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_DATA caps the probe on Linux")
def test_grade_runs_a_code_answer_under_the_learner_cap() -> None:
    # Correct if the allocation succeeds: with the cap it fails, so the answer is not correct.
    answer = f"({HOG} and x[-1:])"
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    done = subprocess.run(
        [
            QUIZZER,
            "grade",
            "behaviours/n/code-right",
            answer,
            "--deck",
            str(BEHAVIOURS),
            "--trust",
            "--json",
            "--timeout",
            "120",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        preexec_fn=_data_cap,
    )
    assert "Traceback" not in done.stderr, done.stderr
    document = json.loads(done.stdout)
    assert document["verdict"] != "correct", document
    assert "MemoryError" in json.dumps(document) or "memory" in json.dumps(document).lower(), document
