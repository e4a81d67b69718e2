"""The per-deck record of the last `quizzer check` that the TUI's home screen shows."""

from __future__ import annotations

from quizzer.checking.last_run import load_checks, record_checks, record_file
from quizzer.checking.results import CheckStatus, QuestionResult


def result(qid: str, status: CheckStatus) -> QuestionResult:
    return QuestionResult(id=qid, path=None, line=1, kind="int", status=status)


def test_nothing_recorded_reads_as_empty() -> None:
    assert load_checks() == {}


def test_a_run_is_recorded_per_deck_and_merged_with_earlier_runs() -> None:
    record_checks([result("a/n/q1", CheckStatus.PASSED), result("a/n/q2", CheckStatus.FAILED)], "cpu")
    record_checks([result("b/n/q1", CheckStatus.PASSED), result("b/n/q2", CheckStatus.SKIPPED)], "cuda:0", partial=True)
    checks = load_checks()
    assert (checks["a"].passed, checks["a"].failed, checks["a"].ok, checks["a"].device) == (1, 1, False, "cpu")
    assert (checks["b"].passed, checks["b"].skipped, checks["b"].ok, checks["b"].partial) == (1, 1, True, True)


def test_a_damaged_record_is_ignored() -> None:
    record_checks([result("a/n/q1", CheckStatus.PASSED)], "cpu")
    record_file().write_text("{not json")
    assert load_checks() == {}
