"""Job: validation and its JSON form."""

from __future__ import annotations

import json

import pytest

from quizzer.engine import Job


def test_job_round_trips_through_json() -> None:
    job = Job(
        prelude="import torch", setup="x = torch.ones(n)", answer="x.shape", params={"n": 3}, seed=7, timeout_s=2.0
    )
    assert Job.from_dict(json.loads(json.dumps(job.to_dict()))) == job


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"params": {"not an identifier": 1}}, "identifier"),
        ({"params": {"x": object()}}, "JSON literals"),
        ({"params": {"x": float("nan")}}, "JSON literals"),
        ({"timeout_s": 0}, "positive"),
        ({"seed": -1}, "seed"),
        ({"seed": 2**64}, "seed"),
        ({"answer_section": "setup"}, "answer_section"),
        ({"answer_section": "two words"}, "answer_section"),
    ],
)
def test_job_rejects_what_a_worker_could_not_run(fields: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Job(answer="1", **fields)
