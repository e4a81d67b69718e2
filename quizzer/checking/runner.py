"""Running every question of some decks and judging the live truth against `expect` and `rule`.

Each question instance runs twice with the same seed (a difference flags it as
nondeterministic); a `rule` is evaluated as its own job over the params; a `code`
question's `expect` runs as the learner's expression would. All jobs of a check go to
the worker pool at once, so they spread over its workers.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from quizzer.checking.fixer import ExpectEdit
from quizzer.checking.results import CheckStatus, QuestionResult
from quizzer.decks.conditions import select_expect, unmet
from quizzer.decks.model import Deck, Note, Question
from quizzer.decks.params import Instance, instances
from quizzer.engine import Job, WorkerPool
from quizzer.grading import Verdict, VerdictStatus, grade, grade_code, render_truth
from quizzer.grading.kinds import Kind
from quizzer.outcome import Outcome, Provenance, Status

INSTANCE_CAP = 24  # parametric questions run their whole grid up to this many instances, else a seeded sample
CHECK_SEED = 0


@dataclass(frozen=True)
class CheckOptions:
    """How to run a check."""

    timeout_s: float = 10.0
    pattern: str | None = None  # -k: a substring or glob of question ids
    instance_cap: int = INSTANCE_CAP
    seed: int = CHECK_SEED


@dataclass
class _Planned:
    """A question to run, and the indexes of its jobs in the batch."""

    deck: Deck
    note: Note
    question: Question
    instances: list[Instance]
    truth_jobs: list[tuple[int, int]]  # per instance: the two runs
    rule_jobs: list[int]
    code_jobs: list[int]


def selected(question_id: str, pattern: str | None) -> bool:
    """Whether ``-k pattern`` selects the question (glob when it has wildcards, else substring)."""
    if not pattern:
        return True
    if any(ch in pattern for ch in "*?["):
        return fnmatch.fnmatchcase(question_id, pattern)
    return pattern in question_id


def run_check(
    decks: Sequence[Deck], pool: WorkerPool, options: CheckOptions, *, only: Collection[str] | None = None
) -> list[QuestionResult]:
    """Check every selected question of ``decks`` (of them, those in ``only`` when given); results in deck order."""
    info = pool.info
    jobs: list[Job] = []
    slots: list[_Planned | QuestionResult] = []
    for deck in decks:
        for note, question in deck.questions():
            qid = deck.question_id(note, question)
            if not selected(qid, options.pattern) or (only is not None and qid not in only):
                continue
            result = _without_running(deck, note, question, info)
            slots.append(result if result is not None else _plan(deck, note, question, options, info, jobs))
    outcomes = pool.run_many(jobs) if jobs else []
    return [slot if isinstance(slot, QuestionResult) else _judge(slot, outcomes, info) for slot in slots]


def _base(deck: Deck, note: Note, question: Question, status: CheckStatus, message: str = "") -> QuestionResult:
    return QuestionResult(
        id=deck.question_id(note, question),
        path=deck.path,
        line=question.line,
        kind=question.kind,
        status=status,
        message=message,
    )


def _without_running(deck: Deck, note: Note, question: Question, info: Provenance) -> QuestionResult | None:
    reason = unmet(deck.requirements(note, question), info.device, info.torch)
    if reason:
        return _base(deck, note, question, CheckStatus.SKIPPED, reason)
    if question.kind == Kind.RECALL:
        return _base(deck, note, question, CheckStatus.PASSED, "recall: nothing to run")
    return None


def _plan(
    deck: Deck, note: Note, question: Question, options: CheckOptions, info: Provenance, jobs: list[Job]
) -> _Planned:
    def add(job: Job) -> int:
        jobs.append(job)
        return len(jobs) - 1

    timeout = question.timeout or options.timeout_s
    grid = instances(question, options.instance_cap, options.seed)
    truth = [
        Job(deck.prelude, question.setup, question.answer or "", params, seed=options.seed, timeout_s=timeout)
        for params in grid
    ]
    planned = _Planned(deck, note, question, grid, [(add(job), add(job)) for job in truth], [], [])
    if question.rule:
        planned.rule_jobs = [
            add(
                Job(
                    deck.prelude, "", question.rule, params, seed=options.seed, timeout_s=timeout, answer_section="rule"
                )
            )
            for params in grid
        ]
    expect, _ = select_expect(question.expect, info.device, info.torch)
    if question.kind == Kind.CODE and expect:
        planned.code_jobs = [
            add(
                Job(
                    deck.prelude,
                    question.setup,
                    expect,
                    params,
                    seed=options.seed,
                    timeout_s=timeout,
                    answer_section="code",
                )
            )
            for params in grid
        ]
    return planned


def _same_truth(first: Outcome, second: Outcome) -> bool:
    return (first.status, first.value, first.exception) == (second.status, second.value, second.exception)


def _instance_label(params: Instance) -> str:
    return ", ".join(f"{name}={value!r}" for name, value in params.items())


def _judge(planned: _Planned, outcomes: list[Outcome], info: Provenance) -> QuestionResult:
    deck, note, question = planned.deck, planned.note, planned.question
    result = _base(deck, note, question, CheckStatus.PASSED)
    result.instances = len(planned.instances)
    indexes = [i for pair in planned.truth_jobs for i in pair] + planned.rule_jobs + planned.code_jobs
    result.run_seconds = sum(outcomes[i].elapsed_s for i in indexes)
    truths = [outcomes[first] for first, _ in planned.truth_jobs]
    result.truth = truths[0]
    expect, key = select_expect(question.expect, info.device, info.torch)
    result.expect = expect
    for params, (first, second) in zip(planned.instances, planned.truth_jobs, strict=False):
        problem = _run_problem(outcomes[first], outcomes[second], params)
        if problem:
            status, message = problem
            result.status, result.message, result.truth = status, message, outcomes[first]
            return result
    if question.rule:
        failed = _rule_problem(question, planned, outcomes, truths)
        if failed:
            result.status, result.message = failed
            return result
    if expect is None:
        if not question.rule:
            result.status, result.message, result.missing_expect = CheckStatus.FAILED, "no expect recorded", True
            result.edit = _edit_for(deck, note, question, truths, key)
        return result
    verdict = _grade_expect(question, expect, planned, outcomes, truths)
    if verdict.status is not VerdictStatus.CORRECT:
        result.status = CheckStatus.FAILED
        result.message = f"expect {expect!r} is {verdict.status.value}: {verdict.explanation}".rstrip(": ")
        result.edit = _edit_for(deck, note, question, truths, key)
    return result


def _run_problem(first: Outcome, second: Outcome, params: Instance) -> tuple[CheckStatus, str] | None:
    where = f" (for {_instance_label(params)})" if params else ""
    if not first.ran:
        return CheckStatus.ERROR, f"{first.summary()}{where}"
    if first.status is Status.EXCEPTION and first.exception and first.exception.section == "prelude":
        return CheckStatus.ERROR, f"the prelude raised {first.summary()}"
    if not second.ran or not _same_truth(first, second):
        return (
            CheckStatus.FAILED,
            f"nondeterministic: run 1 gave {first.summary()}, run 2 gave {second.summary()}{where}",
        )
    return None


def _rule_problem(
    question: Question, planned: _Planned, outcomes: list[Outcome], truths: list[Outcome]
) -> tuple[CheckStatus, str] | None:
    for params, index, truth in zip(planned.instances, planned.rule_jobs, truths, strict=False):
        rule = outcomes[index]
        if rule.status is not Status.VALUE or rule.value is None:
            return CheckStatus.ERROR, f"the rule did not give a value for {_instance_label(params)}: {rule.summary()}"
        verdict = grade(question.kind, rule.value.repr, truth, choices=question.choices, judging=question.judging)
        if verdict.status is not VerdictStatus.CORRECT:
            return (
                CheckStatus.FAILED,
                f"rule gives {rule.value.repr} but torch gives {truth.summary()} for {_instance_label(params)}"
                f": {verdict.explanation}".rstrip(": "),
            )
    return None


def _grade_expect(
    question: Question, expect: str, planned: _Planned, outcomes: list[Outcome], truths: list[Outcome]
) -> Verdict:
    if question.kind == Kind.CODE:
        trials = [
            (params, outcomes[index], truth)
            for params, index, truth in zip(planned.instances, planned.code_jobs, truths, strict=False)
        ]
        return grade_code(trials, answer=expect)
    verdict = grade(question.kind, expect, truths[0], choices=question.choices, judging=question.judging)
    for truth in truths[1:]:
        if verdict.status is not VerdictStatus.CORRECT:
            break
        verdict = grade(question.kind, expect, truth, choices=question.choices, judging=question.judging)
    return verdict


def _edit_for(deck: Deck, note: Note, question: Question, truths: list[Outcome], key: str | None) -> ExpectEdit | None:
    """The expect that would make the question pass, when one text can (not for code or varying truths)."""
    if deck.path is None or question.kind == Kind.CODE or len({t.summary() for t in truths}) != 1:
        return None
    if isinstance(question.expect, dict) and key is None:
        return None  # a per-device mapping without an entry for here: the author picks the key
    text = render_truth(question.kind, truths[0], choices=question.choices)
    return None if text is None else ExpectEdit(deck.path, note.id, question.id, text, key)
