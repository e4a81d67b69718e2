"""The answer parsers under fuzzing (``testsupport.fuzz_answers``), and the answers fuzzing once found."""

from __future__ import annotations

from quizzer.grading import Judging, Kind
from testsupport.builders import number, tensor
from testsupport.fuzz_answers import EXAMPLES, check_case, fuzz_answers

# Answers that once escaped as an exception (kept as regressions; see tests/reliability/README.md).
FOUND = [
    (Kind.INT, "9" * 309, number(3)),  # an integer past float range: OverflowError in numerals._close_real
    (Kind.FLOAT, "9" * 309, number(0.5)),
    (Kind.VALUE, "9" * 309, number(3)),
    (Kind.TENSOR, "[" + "9" * 309 + "]", tensor([1.0])),
    (Kind.TENSOR, "9" * 309, tensor([complex(1, -1)], "complex64")),  # OverflowError in numerals.close
]


def test_answers_found_by_fuzzing_get_a_verdict() -> None:
    for kind, typed, truth in FOUND:
        check_case(kind, truth, None, Judging(), typed)


def test_grade_never_raises_on_answer_text() -> None:
    counts = fuzz_answers()
    assert counts["examples"] >= min(EXAMPLES, 50)
