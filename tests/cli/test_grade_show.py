"""`quizzer grade` and `quizzer show` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO

QUIZZER = [sys.executable, "-m", "quizzer"]
DECK = ["--deck", str(REPO / "tests" / "study" / "fixture.yaml"), "--trust"]
Q = "grading-fixture/lstm-shapes/hn-shape-batch-first"


def quizzer(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*QUIZZER, *args, *DECK], capture_output=True, text=True, input=stdin, timeout=120)


def test_grade_exit_codes_and_text() -> None:
    right, wrong, unparsed = quizzer("grade", Q, "2x3x20"), quizzer("grade", Q, "3,2,20"), quizzer("grade", Q, "banana")
    assert (right.returncode, wrong.returncode, unparsed.returncode) == (0, 1, 3)
    assert right.stdout.startswith("✓ correct") and "truth: (2, 3, 20)" in right.stdout
    assert wrong.stdout.startswith("✗ wrong: dims 0 and 1 swapped")
    assert "h_n and c_n ignore" in wrong.stdout


def test_grade_json_has_the_documented_fields() -> None:
    run = quizzer("grade", Q, "(3, 2, 20)", "--json")
    document = json.loads(run.stdout)
    assert run.returncode == 1 and run.stderr == ""
    assert {"id", "verdict", "truth", "answer", "explanation"} <= document.keys()
    assert (document["id"], document["verdict"], document["answer"]) == (Q, "wrong", "(3, 2, 20)")


def test_grade_batch_from_stdin_in_input_order() -> None:
    lines = f"{Q}\t(2, 3, 20)\ngrading-fixture/triu-diagonal/dim-keyword\tValueError\n\n{Q}\tnope\n"
    run = quizzer("grade", "--batch", "-", stdin=lines)
    verdicts = [json.loads(line)["verdict"] for line in run.stdout.splitlines()]
    assert verdicts == ["correct", "wrong", "unparsed"] and run.returncode == 3


def test_grade_usage_errors() -> None:
    assert quizzer("grade", "no/such/question", "1").returncode == 2
    assert quizzer("grade", Q).returncode == 2
    bad = quizzer("grade", "--batch", "-", stdin="no tab here\n")
    assert bad.returncode == 3 and "-:1: expected ID[@SEED]<TAB>ANSWER" in bad.stderr
    bad_seed = quizzer("grade", "--batch", "-", stdin=f"{Q}@x\t1\n")
    assert bad_seed.returncode == 3 and "-:1: the seed after @ must be a whole number" in bad_seed.stderr


def test_a_negative_answer_needs_no_double_dash() -> None:
    run = quizzer("grade", "grading-fixture/triu-diagonal/count-ones", "-3.5")
    assert run.returncode == 1 and run.stdout.startswith("✗ wrong: you gave -3.5")


def test_batch_seeds_json_lines_and_the_default_seed() -> None:
    count = "grading-fixture/triu-diagonal/count-ones"
    shown = json.loads(quizzer("show", count, "--seed", "4", "--json").stdout)["params"]
    lines = f'{count}@4\t1\n{{"id": "{count}", "seed": 4, "answer": "1"}}\n{count}\t1\n'
    run = quizzer("grade", "--batch", "-", "--seed", "4", stdin=lines)
    documents = [json.loads(line) for line in run.stdout.splitlines()]
    assert [(d["params"], d["seed"]) for d in documents] == [(shown, 4)] * 3


def test_batch_lines_split_on_newlines_only() -> None:
    run = quizzer("grade", "--batch", "-", stdin=f"{Q}\t(2, 3,\u2028 20)\r\n{Q}\t(2,\x0c3, 20)\n")
    documents = [json.loads(line) for line in run.stdout.splitlines()]
    assert [d["answer"] for d in documents] == ["(2, 3,\u2028 20)", "(2,\x0c3, 20)"]


def test_a_question_the_device_cannot_run_is_refused() -> None:
    session = ["--deck", str(REPO / "tests" / "study" / "session.yaml"), "--trust"]
    single = subprocess.run(
        [*QUIZZER, "grade", "session/gpu/device", "cuda", *session], capture_output=True, text=True, timeout=120
    )
    assert single.returncode == 2 and "session/gpu/device: requires device cuda (running on cpu)" in single.stderr
    shown = subprocess.run(
        [*QUIZZER, "show", "session/gpu/device", *session], capture_output=True, text=True, timeout=120
    )
    assert shown.returncode == 2
    batch = subprocess.run(
        [*QUIZZER, "grade", "--batch", "-", *session],
        input="session/gpu/device\tcuda\nsession/shapes/zeros\t2x3\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert [json.loads(line)["verdict"] for line in batch.stdout.splitlines()] == ["skipped", "correct"]
    assert batch.returncode == 0


def test_show_prints_question_truth_and_note() -> None:
    run = quizzer("show", "grading-fixture/triu-diagonal/count-ones", "--seed", "4", "--json")
    document = json.loads(run.stdout)
    n, k = document["params"]["n"], document["params"]["k"]
    assert document["truth"]["value"]["data"] == (n - k) * (n - k + 1) // 2
    assert f"torch.ones({n}, {n}), diagonal={k}" in document["ask"]
    text = quizzer("show", Q)
    assert text.returncode == 0 and "truth: torch.Size([2, 3, 20])" in text.stdout and "nn.LSTM input" in text.stdout
