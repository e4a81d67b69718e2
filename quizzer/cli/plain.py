"""`quizzer review --plain`: the study session as lines on stdin/stdout (protocol: docs/plain.md).

For scripts, screen readers and tests. This module only writes and reads: the study
session (``quizzer.study.session``) decides what comes next. Every block starts with a
``== `` line; the learner sends one line per prompt. A ``== recorded`` line is printed only
after the answer is committed to the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from quizzer.grading import Rating, VerdictStatus
from quizzer.study.editor import open_in_editor
from quizzer.study.presented import Answered, Presented
from quizzer.study.session import StudySession
from quizzer.study.steps import Aside, Ask, Done, Reloaded, Step, Summary, Wait
from quizzer.wording import RATING_NAMES, format_interval

COMMANDS = (":undo", ":skip", ":suspend", ":bury", ":edit", ":quit")
ASIDE = {":skip": Aside.SKIP, ":suspend": Aside.SUSPEND, ":bury": Aside.BURY}
RATINGS = ("", "1", "2", "3", "4")


class PlainReview:
    """Shows a StudySession's steps as blocks and turns input lines into its actions."""

    def __init__(self, session: StudySession, lines: Iterator[str], out: TextIO) -> None:
        self.session = session
        self.lines = lines
        self.out = out

    def run(self) -> None:
        """Study until nothing is left, ``:quit`` or end of input; then print the summary."""
        summary: Summary | None = None
        try:
            step: Step | None = self.session.open()
            while step is not None:
                self._events(step)
                if isinstance(step, Done):
                    summary = step.summary
                    return
                step = self._ask(step) if isinstance(step, Ask) else self._wait(step)
        finally:
            self._summary(summary or self.session.summary())

    # writing

    def _say(self, *lines: str) -> None:
        self.out.write("\n".join(lines) + "\n")
        self.out.flush()

    def _events(self, step: Step) -> None:
        for event in step.events:
            self._say(f"== {event.text}")
            if isinstance(event, Reloaded):
                self._say(*event.problems)

    def _question(self, presented: Presented) -> None:
        lines = [f"== question {presented.number} {presented.card_id} [{presented.kind}]", presented.prompt]
        lines += [f"  {index}. {choice}" for index, choice in enumerate(presented.choices, start=1)]
        lines.append(f"accepts: {presented.hint}")
        self._say(*lines)

    def _verdict(self, answered: Answered) -> None:
        verdict = answered.verdict
        lines = [f"== verdict {verdict.status.value}"]
        if verdict.status is VerdictStatus.UNPARSED:
            self._say(*lines, f"hint: {verdict.explanation}")
            return
        lines.append(f"answer: {answered.judgement.answer}")
        if truth := answered.truth_text:
            lines.append(f"truth: {truth}")
        if verdict.explanation:
            lines.append(f"explanation: {verdict.explanation}")
        if verdict.note:
            lines.append(f"note: {verdict.note}")
        note = answered.presented.ref.note
        lines.append(f"about: {note.title}")
        lines += [f"  {text}" for text in note.text.strip().splitlines()]
        if answered.recordable:
            intervals = answered.intervals
            ratings = (f"{r} {RATING_NAMES[r]} {format_interval(intervals[r])}" for r in sorted(intervals))
            suggested = int(answered.suggested or Rating.GOOD)
            lines += ["ratings: " + " | ".join(ratings), f"suggested: {suggested} {RATING_NAMES[suggested]}"]
        self._say(*lines)

    def _summary(self, summary: Summary) -> None:
        self._say(
            f"== done: reviewed {summary.reviewed}, correct {summary.correct} ({summary.accuracy}), "
            f"{summary.elapsed_s / 60:.1f} min, {summary.left} left today"
        )

    # reading

    def _read(self) -> str | None:
        """The next line without its end, or None at end of input or on ``:quit``."""
        line = next(self.lines, None)
        if line is None or line.strip() == ":quit":
            return None
        return line.rstrip("\r\n")

    def _ask(self, step: Ask) -> Step | None:
        """One question: answer lines (or commands) until it is rated or set aside; the next step, None to stop."""
        presented = step.presented
        self._question(presented)
        self.session.prepare(presented)
        while (line := self._read()) is not None:
            command = line.strip()
            if command in ASIDE:
                return self.session.set_aside(ASIDE[command], presented)
            if command == ":undo":
                return self.session.undo()
            if command == ":edit":
                if self._edited(presented):
                    return self.session.reload()
                continue
            if command.startswith(":"):
                self._say(f"== unknown command {command}; commands: {' '.join(COMMANDS)}")
                continue
            answered = self.session.submit(presented, line)
            self._verdict(answered)
            if answered.verdict.status is VerdictStatus.UNPARSED:
                continue
            if not answered.recordable:  # an error verdict: the session skipped the question
                return self.session.next()
            return self._rate(answered)
        return None

    def _rate(self, answered: Answered) -> Step | None:
        """The rating line for a judged answer; a command here records the answer first."""
        while (line := self._read()) is not None:
            choice = line.strip()
            if choice in RATINGS:
                return self.session.rate(answered, int(choice) if choice else None)
            if choice in ASIDE:
                return self.session.set_aside(ASIDE[choice], answered.presented, answered)
            if choice == ":edit":
                if self._edited(answered.presented):
                    return self.session.reload(answered)
                continue
            if choice == ":undo":
                self._say("== nothing recorded yet for this question; rate it first")
                continue
            self._say("== rate with 1-4, or an empty line for the suggestion")
        return None

    def _wait(self, step: Wait) -> Step | None:
        """Nothing due now but a learning card soon: an empty line studies it now, as Anki's learn-ahead does."""
        left = format_interval(step.due - self.session.clock())
        self._say(f"== waiting: {step.card.card_id} is due in {left}; an empty line studies it now, :quit ends")
        while (line := self._read()) is not None:
            if line.strip() == ":undo":
                return self.session.undo()
            if not line.strip():
                return self.session.next(learn_ahead=True)
            self._say("== an empty line studies the waiting card now; :quit ends the session")
        return None

    def _edited(self, presented: Presented) -> bool:
        """Open the question in $EDITOR at its line; False (and why) when no editor ran."""
        path = presented.ref.deck.path
        if path is None:
            self._say("== cannot edit: this deck was not loaded from a file")
            return False
        if open_in_editor(path, presented.ref.question.line) == 127:
            self._say("== cannot edit: the editor did not start; set $EDITOR")
            return False
        return True
