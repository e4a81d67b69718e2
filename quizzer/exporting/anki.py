"""``quizzer export --anki``: an Anki package of the decks, each answer computed live on the chosen device.

One Anki note per question (per params instance for parametric questions: ``instances``
of them, drawn from the grid with a fixed seed, so an export made again draws the same
ones), in one Anki deck per quizzer deck. Its fields: the prompt (with the options of a
choice question), the answer as a learner would type it (``render_truth``; the reveal
of a recall question; the reference expression of a code question), what torch
returned, the note, the snippet, and which torch on which device computed it. Tags: the
deck id and the note's and question's tags. Note ids (GUIDs) come from the question id
and the instance number, so importing a later export updates the notes instead of
duplicating them.

Questions whose ``requires`` the device or torch cannot meet are left out, as ``check``
skips them; so are those whose truth could not be computed (a timeout, a crash). The
package is built with genanki and written whole: a temporary file in the same folder,
flushed to disk, then renamed over the target.
"""

from __future__ import annotations

import hashlib
import html
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import genanki

from quizzer.decks.conditions import unmet
from quizzer.decks.model import Deck
from quizzer.decks.params import Instance, instances
from quizzer.engine import Job, WorkerPool
from quizzer.grading import Kind, render_truth
from quizzer.outcome import Outcome, Provenance
from quizzer.study.judge import QuestionRef, recall_text, truth_job

MODEL_ID = 1_733_900_118  # fixed: every export shares one note type, so Anki matches notes across exports
FIELDS = ("Id", "Prompt", "Answer", "Torch", "Note", "Snippet", "Computed")
SAMPLE_SEED = 0  # which instances of a large params grid are exported
STYLE = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.prompt, .note { white-space: pre-wrap; }
.answer { font-weight: bold; font-size: 22px; margin: 0.5em 0; }
.torch, .computed { font-family: monospace; color: #888; font-size: 14px; white-space: pre-wrap; }
pre { background: #f4f4f4; color: #222; padding: 0.5em; }"""
MODEL = genanki.Model(
    MODEL_ID,
    "quizzer question",
    fields=[{"name": name} for name in FIELDS],
    templates=[
        {
            "name": "Question",
            "qfmt": '<div class="prompt">{{Prompt}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
            '<div class="torch">{{Torch}}</div><div class="note">{{Note}}</div>'
            '<pre><code>{{Snippet}}</code></pre><div class="computed">{{Computed}}</div>',
        }
    ],
    css=STYLE,
    sort_field_index=0,
)


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote and what it left out (one line each, saying why)."""

    notes: int
    computed_with: str  # "torch 2.13.0+cpu on cpu"
    skipped: list[str] = field(default_factory=list)  # requires not met here
    failed: list[str] = field(default_factory=list)  # truth not computed


@dataclass(frozen=True)
class PlannedNote:
    """One note to export: a question and the params instance it asks."""

    ref: QuestionRef
    params: Instance
    index: int  # instance number, 0 for a question without params

    def truth_job(self) -> Job:
        """The job computing this note's truth (seeded by the instance number)."""
        return truth_job(self.ref, self.params, self.index)


def plan_notes(decks: Sequence[Deck], where: Provenance, per_question: int) -> tuple[list[PlannedNote], list[str]]:
    """The notes to export from ``decks`` on ``where``, and one line per question skipped for its ``requires``."""
    skipped: list[str] = []
    planned: list[PlannedNote] = []
    for deck in decks:
        for note, question in deck.questions():
            ref = QuestionRef(deck, note, question)
            if reason := unmet(deck.requirements(note, question), where.device, where.torch):
                skipped.append(f"{ref.id}: skipped, {reason}")
                continue
            grid = instances(question, per_question, SAMPLE_SEED) if question.params else [{}]
            planned += [PlannedNote(ref, params, index) for index, params in enumerate(grid)]
    return planned, skipped


def anki_deck_id(deck_id: str) -> int:
    """A stable Anki deck id for a quizzer deck id."""
    return int(hashlib.sha256(f"quizzer deck {deck_id}".encode()).hexdigest()[:15], 16)


def export_anki(decks: Sequence[Deck], pool: WorkerPool, path: Path, per_question: int = 3) -> ExportReport:
    """Compute every question's truth on ``pool``'s device and write the package to ``path``.

    ``per_question`` instances of each parametric question are exported. Raises OSError
    when ``path`` cannot be written (the target is then untouched).
    """
    info = pool.info
    computed_with = f"torch {info.torch} on {info.device}"
    planned, skipped = plan_notes(decks, info, per_question)
    runs = [(item, item.truth_job()) for item in planned if item.ref.question.kind != Kind.RECALL]
    outcomes = dict(zip((id(item) for item, _ in runs), pool.run_many(job for _, job in runs), strict=True))
    anki_decks = {deck.deck: genanki.Deck(anki_deck_id(deck.deck), f"quizzer::{deck.title}") for deck in decks}
    failed: list[str] = []
    notes = 0
    for item in planned:
        truth = outcomes.get(id(item))
        if truth is not None and not truth.ran:
            failed.append(f"{item.ref.id}: truth not computed ({truth.summary()})")
            continue
        anki_decks[item.ref.deck.deck].add_note(_note(item, truth, computed_with))
        notes += 1
    _write_whole(genanki.Package([deck for deck in anki_decks.values() if deck.notes]), path)
    return ExportReport(notes, computed_with, skipped, failed)


def _note(item: PlannedNote, truth: Outcome | None, computed_with: str) -> genanki.Note:
    ref, question = item.ref, item.ref.question
    prompt = ref.prompt(item.params)
    if question.choices:
        prompt += "\n" + "\n".join(f"{number}. {choice}" for number, choice in enumerate(question.choices, start=1))
    if question.kind == Kind.RECALL:
        answer = recall_text(question) or ""
    elif question.kind == Kind.CODE:
        answer = question.answer or ""
    else:
        answer = render_truth(question.kind, truth, choices=question.choices) or (truth.summary() if truth else "")
        if question.choices and answer.isdigit() and 1 <= int(answer) <= len(question.choices):
            answer = f"{answer}. {question.choices[int(answer) - 1]}"
    note_text = f"{ref.note.title}\n{ref.note.text.strip()}".strip()
    snippet = "\n".join(
        part.strip() for part in (ref.deck.prelude, question.setup, question.answer or "") if part.strip()
    )
    suffix = f" #{item.index + 1}" if question.params else ""
    fields = [
        ref.id + suffix,
        html.escape(prompt),
        html.escape(answer),
        html.escape(truth.summary()) if truth else "",
        html.escape(note_text),
        html.escape(snippet),
        computed_with if truth else "",
    ]
    tags = [ref.deck.deck, *ref.note.tags, *question.tags]
    return genanki.Note(
        model=MODEL,
        fields=fields,
        tags=sorted({tag.replace(" ", "_") for tag in tags}),
        guid=genanki.guid_for(ref.id, item.index),
    )


def _write_whole(package: genanki.Package, path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        package.write_to_file(str(temporary))
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
