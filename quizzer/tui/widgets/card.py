"""The review's card: where the question came from, the prompt, the answer box, what the truth is doing, the verdict.

It only shows what it is given (a question as shown, a truth's state, a verdict, a countdown
to a learning card); the review screen decides when. Nothing heavy loads with it: a prompt
is plain text, and the grader loads with the first verdict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from quizzer.tui.widgets.timer import clock_text
from quizzer.tui.widgets.verdict import VerdictView

if TYPE_CHECKING:
    from quizzer.outcome import Outcome
    from quizzer.study.presented import Answered
    from quizzer.study.shown import ShownQuestion


def question_text(shown: ShownQuestion) -> Text:
    """The prompt as written (prompts are code: ``__name__`` is no markup), `code` spans in bold, then the options."""
    text = Text()
    for index, part in enumerate(shown.prompt.strip().split("`")):
        text.append(part, style="bold" if index % 2 else "")
    if shown.choices:
        text.append("\n")
    for number, choice in enumerate(shown.choices, start=1):
        text.append(f"\n{number}. {choice}")
    return text


class QuestionCard(VerticalScroll):
    """One question at a time, scrolled as a whole; the ratings and the footer live outside it."""

    def compose(self) -> ComposeResult:
        """Location, prompt, countdown, truth status, answer box, hint and verdict."""
        yield Static(id="location")
        yield Static(id="question")
        yield Static(id="waiting")
        yield Static(id="truth-status")
        yield Input(id="answer")
        yield Static(id="hint")
        yield VerdictView(id="verdict")

    def on_mount(self) -> None:
        """Nothing is asked yet."""
        self._only("#location", "#question")
        self.answer.disabled = True

    @property
    def answer(self) -> Input:
        """The answer box."""
        return self.query_one("#answer", Input)

    def paint(self, shown: ShownQuestion) -> None:
        """Show a question (from the session, saved or guessed) with an empty answer box."""
        # the note's title often states the fact asked about: it is shown with the verdict, not here
        self.query_one("#location", Static).update(Text(f"{shown.deck_title} · {shown.kind}", style="dim"))
        self.query_one("#question", Static).update(question_text(shown))
        self.answer.value = ""
        self.answer.placeholder = shown.hint
        self._only("#location", "#question", "#truth-status", "#answer")
        self.scroll_home(animate=False)

    def show_truth(self, kind: str, truth: Outcome | None, *, ready: bool, device: str) -> None:
        """Under the prompt: where the question's truth stands, or why it cannot be judged."""
        if kind == "recall":
            self.status("Recall: answer in your own words (or just Enter) to reveal, then rate yourself.")
        elif not ready:
            self.status(f"computing the truth on {device}…")
        elif truth is not None and not truth.ran:
            self.status(
                f"⚠ The snippet did not run: {truth.summary()}. Esc then n skips it (it stays due), e edits it.",
                error=True,
            )
        else:
            self.status(f"truth ready · {truth.provenance.device if truth else device}")

    def status(self, text: str, *, error: bool = False) -> None:
        """The line under the prompt (dim), or a warning."""
        status = self.query_one("#truth-status", Static)
        status.set_class(error, "-error")
        status.update(Text(text) if error else Text(text, style="dim"))

    def hint(self, text: str | None) -> None:
        """Show ``text`` under the answer box (None hides it)."""
        hint = self.query_one("#hint", Static)
        hint.update(Text(text or ""))
        hint.display = text is not None

    def show_verdict(self, answered: Answered) -> None:
        """The verdict under the answer, scrolled into view."""
        verdict = self.query_one(VerdictView)
        verdict.show(answered)
        verdict.display = True
        self.call_after_refresh(verdict.scroll_visible, animate=False, top=True)

    def show_waiting(self, card_id: str, seconds: float) -> None:
        """Nothing to answer now: the learning card ``card_id`` comes back in ``seconds``."""
        self.query_one("#location", Static).update(Text("learn-ahead", style="dim"))
        self.query_one("#question", Static).update("")
        self.query_one("#waiting", Static).update(
            Text.assemble(
                "Nothing else is due now. ",
                (card_id, "bold"),
                f" comes back in {clock_text(seconds)} (a learning step).\n",
                ("Enter", "bold"),
                " studies it now · ",
                ("f", "bold"),
                " finishes the session",
            )
        )
        self._only("#location", "#waiting")

    def _only(self, *shown: str) -> None:
        """Show these parts of the card and hide the others."""
        for part in ("#location", "#question", "#waiting", "#truth-status", "#answer", "#hint", "#verdict"):
            self.query_one(part).display = part in shown
