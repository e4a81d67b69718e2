"""`quizzer grade` and `quizzer show`: one question's truth and a typed answer's verdict."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from quizzer.cli.app import app
from quizzer.cli.deck_args import DeckOption, TrustOption, load_or_exit, require_trust
from quizzer.cli.engine_args import DeviceOption, TimeoutOption, open_pool
from quizzer.cli.output import emit_json, fail
from quizzer.device_request import CPU
from quizzer.exit_codes import ExitCode
from quizzer.typed_text import clean_typed

if TYPE_CHECKING:
    from quizzer.decks.model import Deck
    from quizzer.outcome import Provenance
    from quizzer.study.judge import Judgement, QuestionRef

SeedOption = Annotated[int, typer.Option("--seed", help="Which params instance to ask (parametric questions).")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Write JSON to stdout.")]


@app.command(context_settings={"ignore_unknown_options": True})
def grade(
    question_id: Annotated[str | None, typer.Argument(metavar="ID", help="deck/note/question")] = None,
    answer: Annotated[str | None, typer.Argument(help="The typed answer (-3.5 works without --).")] = None,
    batch: Annotated[
        Path | None,
        typer.Option(
            "--batch", help="File of ID[@SEED]<TAB>ANSWER lines or JSON lines {id, seed, answer} ('-' for stdin)."
        ),
    ] = None,
    deck: DeckOption = None,
    device: DeviceOption = CPU,
    seed: SeedOption = 0,
    timeout: TimeoutOption = 10.0,
    as_json: JsonFlag = False,
    trust: TrustOption = False,
) -> None:
    """Grade a typed answer against live torch: exit 0 correct, 1 wrong, 3 unparsed or error.

    A question whose `requires` this device or torch does not meet is refused (exit 2); in
    --batch it is reported as `skipped`. --seed is the default seed of --batch lines.
    """
    from quizzer.study.judge import Judge

    if batch is None and (question_id is None or answer is None):
        fail("give ID and ANSWER, or --batch FILE", ExitCode.USAGE)
    if batch is not None and question_id is not None:
        fail("give either ID ANSWER or --batch, not both", ExitCode.USAGE)
    decks = load_or_exit(deck)
    require_trust(decks, trust)
    typed = clean_typed(answer or "")  # bytes that are not UTF-8 (argv's surrogates) would fail to print
    items = _batch_items(batch, decks, seed) if batch is not None else [(_find(decks, question_id or ""), typed, seed)]
    with open_pool(device, None, timeout, None) as pool:
        skipped = {index: why for index, (ref, _, _) in enumerate(items) if (why := _unmet(ref, pool.info))}
        if skipped and batch is None:
            fail(f"{items[0][0].id}: {skipped[0]}", ExitCode.USAGE)
        runnable = [item for index, item in enumerate(items) if index not in skipped]
        judged = iter(Judge(pool, timeout).judge_many(runnable))
    if batch is not None:
        codes = []
        for index, (ref, typed, item_seed) in enumerate(items):
            if index in skipped:
                typer.echo(json.dumps(_skipped(ref, typed, item_seed, skipped[index])))
                continue
            judgement = next(judged)
            codes.append(_exit_code(judgement))
            typer.echo(json.dumps(_document(judgement)))
        raise typer.Exit(max(codes, default=ExitCode.OK))
    judgements = list(judged)
    [judgement] = judgements
    if as_json:
        emit_json(_document(judgement))
    else:
        typer.echo(_text(judgement))
    raise typer.Exit(_exit_code(judgement))


@app.command()
def show(
    question_id: Annotated[str, typer.Argument(metavar="ID", help="deck/note/question")],
    deck: DeckOption = None,
    device: DeviceOption = CPU,
    seed: SeedOption = 0,
    timeout: TimeoutOption = 10.0,
    as_json: JsonFlag = False,
    trust: TrustOption = False,
) -> None:
    """Show a question, its truth on this device, and its note."""
    from quizzer.grading import hint
    from quizzer.study.judge import Judge, instance_for

    decks = load_or_exit(deck)
    require_trust(decks, trust)
    ref = _find(decks, question_id)
    with open_pool(device, None, timeout, None) as pool:
        why = _unmet(ref, pool.info)
        if why:
            fail(f"{ref.id}: {why}", ExitCode.USAGE)
        truth = Judge(pool, timeout).truth(ref, seed)
    document: dict[str, Any] = {
        "id": ref.id,
        "ask": ref.prompt(instance_for(ref, seed)),
        "kind": ref.question.kind,
        "accepts": hint(ref.question.kind),
        "params": instance_for(ref, seed),
        "expect": ref.question.expect,
        "truth": truth.to_dict() if truth else None,
        "note": {"title": ref.note.title, "text": ref.note.text.strip(), "source": ref.note.source},
    }
    if as_json:
        emit_json(document)
        return
    lines = [f"{ref.id}  ({ref.question.kind}; {hint(ref.question.kind)})", "", document["ask"], ""]
    if ref.question.choices:
        lines += [f"  {number}. {choice}" for number, choice in enumerate(ref.question.choices, start=1)] + [""]
    lines.append(f"truth: {truth.summary()}" if truth else f"answer: {ref.question.expect}")
    if truth and truth.provenance.device:
        lines.append(f"       (torch {truth.provenance.torch} on {truth.provenance.device})")
    lines += ["", f"{ref.note.title}", ref.note.text.strip()]
    typer.echo("\n".join(lines).rstrip())


def _find(decks: list[Deck], question_id: str) -> QuestionRef:
    from quizzer.study.judge import find_question

    ref = find_question(decks, question_id)
    if ref is None:
        fail(f"no question '{question_id}' in the decks searched (ids are deck/note/question)", ExitCode.USAGE)
    return ref


def _unmet(ref: QuestionRef, info: Provenance) -> str | None:
    from quizzer.decks.conditions import unmet

    return unmet(ref.deck.requirements(ref.note, ref.question), info.device, info.torch)


def _batch_items(batch: Path, decks: list[Deck], default_seed: int) -> list[tuple[QuestionRef, str, int]]:
    """Lines ``ID[@SEED]<TAB>ANSWER`` or JSON objects ``{"id", "seed", "answer"}``, split on newlines only.

    Other line breaks (form feed, U+2028 ...) belong to the answer; a CR before the newline does not.
    """
    from quizzer.study.judge import find_question

    try:
        data = sys.stdin.buffer.read() if str(batch) == "-" else batch.read_bytes()
    except OSError as error:
        fail(f"--batch {batch}: cannot read ({error.strerror or error})", ExitCode.USAGE)
    text = data.decode("utf-8", "replace")  # a byte that is not UTF-8 becomes U+FFFD in that answer only
    items = []
    for number, line in enumerate(text.split("\n"), start=1):  # only \n ends a line: not form feeds, not U+2028
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        question_id, answer, seed = _batch_line(line, f"{batch}:{number}", default_seed)
        ref = find_question(decks, question_id)
        if ref is None:
            fail(f"{batch}:{number}: no question '{question_id}'", ExitCode.INVALID_DATA)
        items.append((ref, answer, seed))
    return items


def _batch_line(line: str, where: str, default_seed: int) -> tuple[str, str, int]:
    """(id, answer, seed) of one --batch line; a malformed line exits 3 naming it."""
    if line.lstrip().startswith("{"):
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            fail(f"{where}: not a JSON object ({error.msg})", ExitCode.INVALID_DATA)
        question_id, answer, seed = entry.get("id"), entry.get("answer"), entry.get("seed", default_seed)
        if not isinstance(question_id, str) or not isinstance(answer, str | int | float) or isinstance(answer, bool):
            fail(f'{where}: expected {{"id": ..., "answer": ..., "seed": ...}}', ExitCode.INVALID_DATA)
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**64:
            fail(f"{where}: seed must be a whole number >= 0", ExitCode.INVALID_DATA)
        return question_id.strip(), str(answer), seed
    head, tab, answer = line.partition("\t")
    if not tab:
        fail(f"{where}: expected ID[@SEED]<TAB>ANSWER", ExitCode.INVALID_DATA)
    question_id, at, seed_text = head.strip().partition("@")
    if not at:
        return question_id, answer, default_seed
    if not seed_text.isdigit():
        fail(f"{where}: the seed after @ must be a whole number, not '{seed_text}'", ExitCode.INVALID_DATA)
    return question_id, answer, int(seed_text)


def _skipped(ref: QuestionRef, answer: str, seed: int, why: str) -> dict[str, Any]:
    return {"id": ref.id, "answer": answer, "seed": seed, "verdict": "skipped", "explanation": why}


def _exit_code(judgement: Judgement) -> ExitCode:
    from quizzer.grading import VerdictStatus

    return {
        VerdictStatus.CORRECT: ExitCode.OK,
        VerdictStatus.SELF_GRADED: ExitCode.OK,
        VerdictStatus.WRONG: ExitCode.FINDINGS,
        VerdictStatus.UNPARSED: ExitCode.INVALID_DATA,
        VerdictStatus.ERROR: ExitCode.INVALID_DATA,
    }[judgement.verdict.status]


def _document(judgement: Judgement) -> dict[str, Any]:
    verdict = judgement.verdict
    return {
        "id": judgement.ref.id,
        "answer": judgement.answer,
        "verdict": verdict.status.value,
        "truth": verdict.truth_text
        if verdict.truth_text is not None
        else (judgement.truth.summary() if judgement.truth else None),
        "explanation": verdict.explanation,
        "note": verdict.note,
        "params": judgement.params,
        "seed": judgement.seed,
        "outcome": judgement.truth.to_dict() if judgement.truth else None,
    }


def _text(judgement: Judgement) -> str:
    from quizzer.grading import VerdictStatus

    verdict = judgement.verdict
    mark = {VerdictStatus.CORRECT: "✓ correct", VerdictStatus.WRONG: "✗ wrong"}.get(
        verdict.status, verdict.status.value
    )
    lines = [f"{mark}: {verdict.explanation}" if verdict.explanation else mark]
    if verdict.truth_text is not None:
        lines.append(f"truth: {verdict.truth_text}")
    if verdict.note:
        lines.append(f"note: {verdict.note}")
    if judgement.ref.note.text.strip():
        lines += ["", judgement.ref.note.text.strip()]
    return "\n".join(lines)
