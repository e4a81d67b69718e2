"""`quizzer review --plain`: the study session as lines on stdin/stdout (protocol: docs/plain.md).

For scripts, screen readers and tests. Every block starts with a ``== `` line; the
learner sends one line per prompt. A ``== recorded`` line is printed only after the
answer is committed to the database.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TextIO

from quizzer.grading import Rating, VerdictStatus
from quizzer.study.session import Answered, Presented, StudySession
from quizzer.wording import RATING_NAMES, format_interval

COMMANDS = (":undo", ":skip", ":suspend", ":bury", ":quit")


class PlainSession:
    """Drives a StudySession from a line reader and writes the protocol's blocks."""

    def __init__(self, session: StudySession, lines: Iterator[str], out: TextIO) -> None:
        self.session = session
        self.lines = lines
        self.out = out

    def run(self) -> None:
        """Study until the queue is empty, ``:quit`` or end of input; then print the summary."""
        try:
            self._loop()
        finally:
            self._summary()

    def _say(self, *lines: str) -> None:
        self.out.write("\n".join(lines) + "\n")
        self.out.flush()

    def _read(self) -> str | None:
        line = next(self.lines, None)
        return None if line is None else line.rstrip("\r\n")

    def _loop(self) -> None:
        number = 0
        while (presented := self.session.next()) is not None:
            number += 1
            self._show(presented, number)
            self.session.prepare(presented)
            if not self._answer(presented):
                return

    def _show(self, presented: Presented, number: int) -> None:
        ref = presented.ref
        lines = [f"== question {number} {ref.id} [{presented.kind}]", presented.prompt]
        lines += [f"  {index}. {choice}" for index, choice in enumerate(presented.choices, start=1)]
        lines.append(f"accepts: {presented.hint}")
        self._say(*lines)

    def _answer(self, presented: Presented) -> bool:
        """Handle answer lines for one question; False when the session should end."""
        while True:
            line = self._read()
            if line is None or line.strip() == ":quit":
                return False
            command = line.strip()
            if command == ":skip":
                self.session.skip(presented)
                self._say("== skipped")
                return True
            if command == ":suspend":
                self.session.suspend(presented)
                self._say("== suspended")
                return True
            if command == ":bury":
                self.session.bury(presented)
                self._say("== buried")
                return True
            if command == ":undo":
                card = self.session.undo()
                self._say(f"== undone {card.card_id}" if card else "== nothing to undo")
                return True
            if command.startswith(":"):
                self._say(f"== unknown command {command}; commands: {' '.join(COMMANDS)}")
                continue
            answered = self.session.submit(presented, line)
            if not answered.recordable:
                self._verdict(answered)
                if answered.verdict.status is VerdictStatus.UNPARSED:
                    continue
                self.session.skip(presented)
                return True
            self._verdict(answered)
            return self._rate(answered)

    def _verdict(self, answered: Answered) -> None:
        verdict = answered.verdict
        lines = [f"== verdict {verdict.status.value}"]
        if verdict.status is VerdictStatus.UNPARSED:
            lines.append(f"hint: {verdict.explanation}")
            self._say(*lines)
            return
        lines.append(f"answer: {answered.judgement.answer}")
        truth = (
            verdict.truth_text
            if verdict.truth_text is not None
            else (answered.judgement.truth.summary() if answered.judgement.truth else "")
        )
        if truth:
            lines.append(f"truth: {truth}")
        if verdict.explanation:
            lines.append(f"explanation: {verdict.explanation}")
        if verdict.note:
            lines.append(f"note: {verdict.note}")
        ref = answered.presented.ref
        lines.append(f"about: {ref.note.title}")
        lines += [f"  {text}" for text in ref.note.text.strip().splitlines()]
        if answered.recordable:
            lines.append(
                "ratings: "
                + " | ".join(
                    f"{r} {RATING_NAMES[r]} {format_interval(answered.intervals[r])}"
                    for r in sorted(answered.intervals)
                )
            )
            suggested = int(answered.suggested or Rating.GOOD)
            lines.append(f"suggested: {suggested} {RATING_NAMES[suggested]}")
        self._say(*lines)

    def _rate(self, answered: Answered) -> bool:
        while True:
            line = self._read()
            if line is None or line.strip() == ":quit":
                return False
            choice = line.strip()
            if choice in ("", "1", "2", "3", "4"):
                result = self.session.rate(answered, int(choice) if choice else None)
                due = format_interval(result.card.due - result.reviewed_at)
                leech = (
                    " (leech: this card keeps lapsing; consider rewriting or suspending it)"
                    if result.became_leech
                    else ""
                )
                self._say(f"== recorded {result.rating} {RATING_NAMES[result.rating]}, next in {due}{leech}")
                return True
            if choice == ":undo":
                self._say("== nothing recorded yet for this question; rate it first")
                continue
            self._say("== rate with 1-4, or an empty line for the suggestion")

    def _summary(self) -> None:
        session = self.session
        minutes = (time.monotonic() - session.started) / 60
        accuracy = f"{100 * session.correct / session.reviewed:.0f}%" if session.reviewed else "-"
        self._say(
            f"== done: reviewed {session.reviewed}, correct {session.correct} ({accuracy}), {minutes:.1f} min, {session.left()} left today"
        )
