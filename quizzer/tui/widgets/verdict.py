"""The verdict on an answer: your answer against the truth, why, the note, and the snippet with its live output."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

if TYPE_CHECKING:
    from rich.syntax import Syntax

    from quizzer.outcome import Outcome
    from quizzer.study.session import Answered

HEADLINES = {  # by verdict status (the grader loads with the first verdict, not with the first paint)
    "correct": ("✔ Correct", "-correct"),
    "wrong": ("✘ Wrong", "-wrong"),
    "self_graded": ("Revealed: rate yourself", "-self"),
    "error": ("⚠ No verdict: the truth could not be computed", "-error"),
}


def snippet_code(answered: Answered) -> str:
    """The question's setup and answer expression, with the params of this instance."""
    presented = answered.presented
    question = presented.ref.question
    params = ", ".join(f"{name}={value!r}" for name, value in presented.params.items())
    lines = [f"# params: {params}"] if params else []
    lines += [question.setup.rstrip()] if question.setup.strip() else []
    lines += [question.answer] if question.answer else []
    return "\n".join(lines)


def code_syntax(code: str) -> Syntax:
    """The snippet, highlighted as Python (pygments loads on first use, off the first paint)."""
    from rich.syntax import Syntax

    return Syntax(code, "python", theme="ansi_dark", background_color="default", word_wrap=True)


def warm_highlighter() -> None:
    """Load the Python lexer once, off the UI thread, so the first verdict shows without that wait."""
    code_syntax("x = 1").highlight("x = 1")


def outcome_lines(truth: Outcome | None) -> Text:
    """What running the snippet printed and gave, on which device."""
    if truth is None:
        return Text("")
    text = Text()
    text.append("⇒ ", style="bold")
    text.append(truth.summary())
    if truth.output.strip():
        text.append("\n" + truth.output.rstrip(), style="dim")
    for warning in truth.warnings:
        text.append(f"\n⚠ {warning}", style="yellow")
    if truth.provenance.device:
        text.append(f"\nlive on {truth.provenance.device}", style="dim italic")
    return text


def note_text(title: str, text: str) -> Text:
    """A note's title in bold, then its paragraphs with the deck's hard line breaks reflowed."""
    paragraphs = [" ".join(block.split()) for block in text.strip().split("\n\n") if block.strip()]
    return Text.assemble((title, "bold"), *(("\n\n" + paragraph) for paragraph in paragraphs))


class VerdictView(Vertical):
    """Shown once an answer is judged; hidden while a question is asked."""

    def compose(self) -> ComposeResult:
        """Headline, both sides, explanation, note, snippet and output."""
        yield Static(id="verdict-line")
        yield Static(id="sides")
        yield Static(id="explanation")
        yield Static(id="note")
        yield Static(id="setup")
        yield Static(id="output")

    def show(self, answered: Answered) -> None:
        """Fill in everything about one judged answer."""
        verdict = answered.verdict
        headline, style = HEADLINES.get(verdict.status.value, (verdict.status.value, ""))
        line = self.query_one("#verdict-line", Static)
        line.update(headline)
        line.set_classes(style)
        sides = Table.grid(padding=(0, 2))
        sides.add_column(style="dim")
        sides.add_column()
        sides.add_row("your answer", Text(answered.judgement.answer or "(empty)"))
        if truth := answered.truth_text:
            sides.add_row("truth", Text(truth, style="bold"))
        self.query_one("#sides", Static).update(sides)
        why = [part for part in (verdict.explanation, verdict.note) if part]
        if verdict.status.value == "error":
            why.append("Enter or n skips this question for now (it stays due); e opens it in $EDITOR.")
        explanation = self.query_one("#explanation", Static)
        explanation.update(Text("\n".join(why)))
        explanation.display = bool(why)
        note = answered.presented.ref.note
        self.query_one("#note", Static).update(note_text(note.title, note.text))
        code = snippet_code(answered)
        setup = self.query_one("#setup", Static)
        setup.update(code_syntax(code) if code else "")
        setup.display = bool(code)
        output = self.query_one("#output", Static)
        output.update(outcome_lines(answered.judgement.truth))
        output.display = answered.judgement.truth is not None
