"""Judging typed answers: the truth of a question instance from a worker, then the grader's verdict.

Shared by `quizzer grade`, `quizzer show` and the review session: the caller holds a
worker pool, this module turns questions into jobs and outcomes into verdicts. A `code`
answer runs in a worker on several trial instances of the question (the one shown first),
next to the reference. A typed answer that is an expression to compute (``4 * 20``,
``torch.Size([80, 10])``) is evaluated by a worker in a namespace of torch, numpy and math only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from quizzer.decks.model import Deck, Note, Question
from quizzer.decks.params import Instance, draw, fill_ask, instances
from quizzer.engine import LEARNER_MEMORY_LIMIT, LEARNER_SECTION, Job, WorkerPool
from quizzer.grading import Kind, Verdict, grade, grade_code, parse_code, readable
from quizzer.grading.evaluated import EVAL_PRELUDE, expression_to_evaluate, grade_evaluated
from quizzer.outcome import Outcome

CODE_TRIALS = 8  # code answers run on up to this many instances (a question's judge.trials overrides)
MIN_CODE_TRIALS = 3  # and on at least this many, the one shown first: other seeds make up a small grid


@dataclass(frozen=True)
class QuestionRef:
    """A question with the deck and note it belongs to."""

    deck: Deck
    note: Note
    question: Question

    @property
    def id(self) -> str:
        """The card identity ``deck/note/question``."""
        return self.deck.question_id(self.note, self.question)

    def prompt(self, params: Instance) -> str:
        """The question's text for one params instance."""
        return fill_ask(self.question, params)


@dataclass(frozen=True)
class Judgement:
    """A typed answer, the instance it was asked on, the truth, and the verdict."""

    ref: QuestionRef
    answer: str
    params: Instance
    seed: int
    truth: Outcome | None
    verdict: Verdict
    trials: list[Instance] = field(default_factory=list)


class QuestionIndex:
    """Every question of some decks by its id and its earlier ``was`` ids: a dict lookup per card.

    Where two questions claim one id, the first in deck and file order wins, as a scan would find it.
    """

    def __init__(self, decks: Sequence[Deck]) -> None:
        self.decks = decks
        self._by_id: dict[str, QuestionRef] = {}
        for deck in decks:
            for note, question in deck.questions():
                ref = QuestionRef(deck, note, question)
                self._by_id.setdefault(ref.id, ref)
                for earlier in question.was:
                    self._by_id.setdefault(_expand(ref, earlier), ref)

    def find(self, question_id: str) -> QuestionRef | None:
        """The question whose id (or one of whose earlier ``was`` ids) is ``question_id``."""
        return self._by_id.get(question_id)


def code_trials(question: Question, shown: Instance, seed: int) -> list[tuple[Instance, int]]:
    """The (instance, seed) pairs a code answer is judged on: the one shown, then others of the grid.

    A grid too small for ``MIN_CODE_TRIALS`` instances is made up with the shown params under
    other seeds, for a setup that draws its inputs at random.
    """
    wanted = max(MIN_CODE_TRIALS, question.judge.trials if question.judge and question.judge.trials else CODE_TRIALS)
    others = [instance for instance in instances(question, wanted, seed) if instance != shown]
    trials = [(shown, seed), *((instance, seed) for instance in others[: wanted - 1])]
    extra = 1
    while len(trials) < MIN_CODE_TRIALS:
        trials.append((shown, (seed + extra) % 2**64))
        extra += 1
    return trials


def evaluation_job(expression: str, seed: int, timeout_s: float | None) -> Job:
    """The job that evaluates a learner's typed expression with torch, numpy and math only."""
    return Job(
        EVAL_PRELUDE,
        "",
        expression,
        {},
        seed=seed,
        timeout_s=timeout_s,
        answer_section=LEARNER_SECTION,
        memory_limit=LEARNER_MEMORY_LIMIT,  # learner text runs under the learner cap, as code answers do
    )


def find_question(decks: Sequence[Deck], question_id: str) -> QuestionRef | None:
    """The question whose id (or one of whose earlier `was` ids) is ``question_id`` (``QuestionIndex`` for many)."""
    return QuestionIndex(decks).find(question_id)


def _expand(ref: QuestionRef, earlier: str) -> str:
    parts = earlier.split("/")
    return "/".join([ref.deck.deck, ref.note.id][: 3 - len(parts)] + parts)


def recall_text(question: Question) -> str | None:
    """The answer a recall question reveals (its expect, or the expect's default entry)."""
    expect = question.expect
    return expect.get("default") if isinstance(expect, dict) else expect


def truth_job(ref: QuestionRef, params: Instance, seed: int, timeout_s: float | None = None) -> Job:
    """The job whose outcome is the question's truth for ``params``."""
    question = ref.question
    return Job(
        ref.deck.prelude,
        question.setup,
        question.answer or "None",
        params,
        seed=seed,
        timeout_s=question.timeout or timeout_s,
    )


def instance_for(ref: QuestionRef, seed: int) -> Instance:
    """The params instance a review with ``seed`` asks about."""
    return draw(ref.question, seed)


class Judge:
    """Computes truths and verdicts on a worker pool."""

    def __init__(self, pool: WorkerPool, timeout_s: float | None = None) -> None:
        self.pool = pool
        self.timeout_s = timeout_s

    def truth(self, ref: QuestionRef, seed: int = 0) -> Outcome | None:
        """The truth of the instance drawn with ``seed``; None for recall questions."""
        if ref.question.kind == Kind.RECALL:
            return None
        return self.pool.run(truth_job(ref, instance_for(ref, seed), seed, self.timeout_s))

    def judge_many(self, items: Sequence[tuple[QuestionRef, str, int]]) -> list[Judgement]:
        """Judge (question, typed answer, seed) triples with all their jobs run together."""
        jobs: list[Job] = []
        plans = [self._plan(ref, answer, seed, jobs) for ref, answer, seed in items]
        outcomes = self.pool.run_many(jobs) if jobs else []
        return [self._finish(plan, outcomes) for plan in plans]

    def judge(self, ref: QuestionRef, answer: str, seed: int = 0, *, known_truth: Outcome | None = None) -> Judgement:
        """Judge one typed answer to the instance drawn with ``seed``.

        ``known_truth`` is the truth computed earlier for this instance (while the learner
        read the question): then only a code answer needs a worker.
        """
        jobs: list[Job] = []
        plan = self._plan(ref, answer, seed, jobs, known_truth)
        return self._finish(plan, self.pool.run_many(jobs) if jobs else [])

    def _plan(self, ref: QuestionRef, answer: str, seed: int, jobs: list[Job], known: Outcome | None = None) -> _Plan:
        params = instance_for(ref, seed)
        plan = _Plan(ref, answer, seed, params)
        question = ref.question
        if question.kind == Kind.RECALL:
            return plan
        if question.kind == Kind.CODE:
            parsed = parse_code(answer)
            if isinstance(parsed, Verdict):
                plan.early = parsed
                return plan
            plan.code_trials = code_trials(question, params, seed)
            for trial, trial_seed in plan.code_trials:
                jobs.append(truth_job(ref, trial, trial_seed, self.timeout_s))
                learner = Job(
                    ref.deck.prelude,
                    question.setup,
                    parsed,
                    trial,
                    seed=trial_seed,
                    timeout_s=question.timeout or self.timeout_s,
                    answer_section=LEARNER_SECTION,
                    memory_limit=LEARNER_MEMORY_LIMIT,  # learner code gets a memory cap, as deck snippets in check
                )
                jobs.append(learner)
                plan.job_indexes.append((len(jobs) - 2, len(jobs) - 1))
            return plan
        if known is not None:
            plan.known = known
        else:
            jobs.append(truth_job(ref, params, seed, self.timeout_s))
            plan.job_indexes.append((len(jobs) - 1, -1))
        expression = expression_to_evaluate(
            question.kind, answer, readable_now=readable(question.kind, answer, choices=question.choices)
        )
        if expression is not None:
            jobs.append(evaluation_job(expression, seed, self.timeout_s))
            plan.evaluation = len(jobs) - 1
        return plan

    def _finish(self, plan: _Plan, outcomes: list[Outcome]) -> Judgement:
        question = plan.ref.question
        truth = plan.known or (outcomes[plan.job_indexes[0][0]] if plan.job_indexes else None)
        if plan.early is not None:
            verdict = plan.early
        elif question.kind == Kind.CODE:
            trials = [
                (trial, outcomes[learner], outcomes[reference], trial_seed)
                for (trial, trial_seed), (reference, learner) in zip(plan.code_trials, plan.job_indexes, strict=True)
            ]
            verdict = grade_code(trials, answer=plan.answer, shown=(plan.params, plan.seed))
        elif question.kind == Kind.RECALL:
            verdict = replace(grade(question.kind, plan.answer, None), truth_text=recall_text(question))
        elif plan.evaluation is not None:
            verdict = grade_evaluated(
                question.kind,
                plan.answer,
                outcomes[plan.evaluation],
                truth,
                choices=question.choices,
                judging=question.judging,
            )
        else:
            verdict = grade(question.kind, plan.answer, truth, choices=question.choices, judging=question.judging)
        instances_run = [trial for trial, _ in plan.code_trials]
        return Judgement(plan.ref, plan.answer, plan.params, plan.seed, truth, verdict, instances_run)


@dataclass
class _Plan:
    ref: QuestionRef
    answer: str
    seed: int
    params: Instance
    code_trials: list[tuple[Instance, int]] = field(default_factory=list)  # (params, seed)
    job_indexes: list[tuple[int, int]] = field(default_factory=list)  # (truth, learner or -1)
    early: Verdict | None = None
    known: Outcome | None = None
    evaluation: int | None = None  # the job evaluating a typed expression
