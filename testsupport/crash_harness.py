"""Crash harness: `quizzer review --plain` killed with SIGKILL at random points, over and over.

Each cycle starts a real ``python -m quizzer review --plain`` on a temporary database,
answers questions through the line protocol (docs/plain.md) and kills the process with
SIGKILL at a seeded random point:

* ``start-up``: a random moment between the start and the first question (the deck
  sync, the schema creation of a fresh database, the worker pool start);
* ``after recorded``: right after a ``== recorded`` line was read;
* ``mid-answer``: a few milliseconds after the rating line was sent, while the answer is
  being committed (the answer may or may not be in the log: it was never acknowledged);
* ``mid-grading``: after an answer line was sent, before its verdict;
* ``mid-undo``: after ``:undo`` was sent, before ``== undone``.

The next cycle restarts on the same database. After every kill the database (a copy of
its file and WAL, so that the next ``quizzer`` itself recovers the hot WAL) must pass
``PRAGMA integrity_check`` and ``foreign_key_check``; every answer acknowledged by a
``== recorded`` line must be in ``review_log`` (same order, card, typed answer, rating,
and a ``reviewed_at`` between the rating line and its acknowledgement); no row may appear
that was never sent, or that an acknowledged ``:undo`` removed; and every card must agree
with its log: ``reps`` is its number of rows, ``last_review`` its last row's time, its
scheduling columns equal the last row's ``sched_after``, each row's ``sched_before`` (as
``quizzer.review.log_reader.read_details`` resolves it) equals the previous row's
``sched_after``, and a card without rows is new.

When a session runs out of cards (``== done``) the harness moves to a fresh database,
so start-up kills also land on schema creation. ``run(kills, seed)`` returns the figures.
Used by tests/reliability/test_crash_safety.py and bench/bench_reliability.py;
``python -m testsupport.crash_harness [KILLS] [SEED]`` prints them.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect, select
from sqlalchemy.orm import Session

from quizzer.review.answers import snapshot
from quizzer.review.log_reader import ReviewDetails, read_details
from quizzer.scheduling.scheduler import Phase
from quizzer.store.models import Card, Profile

QUIZZER = [sys.executable, "-m", "quizzer"]
DECK_ID = "crash"
NOTES = 40
LINE_TIMEOUT_S = 60.0  # one protocol line; far above anything a healthy process needs
ORPHAN_GRACE_S = 5.0  # how long a killed review's worker processes may take to notice
WINDOW_SLACK = timedelta(milliseconds=10)  # clock slack when matching reviewed_at to its window
MARK = "QUIZZER_CRASH_HARNESS_MARK"  # environment marker to find a run's leftover processes
LOCKED = "database is locked"

# How a cycle ends: (kill point, weight)
KILL_POINTS = (
    ("start-up", 0.20),
    ("after recorded", 0.30),
    ("mid-answer", 0.30),
    ("mid-grading", 0.10),
    ("mid-undo", 0.10),
)


class Hang(Exception):
    """A quizzer process wrote nothing for LINE_TIMEOUT_S while the harness waited for a line."""


class ProtocolError(Exception):
    """A quizzer process wrote something docs/plain.md does not allow at that point."""


# files


def write_deck(folder: Path, notes: int = NOTES) -> Path:
    """A deck of ``notes`` one-question notes, each asking ``torch.zeros(N).shape`` (cheap truth)."""
    lines = [f"deck: {DECK_ID}", "title: Crash-test deck", "prelude: import torch", "notes:"]
    for n in range(1, notes + 1):
        lines += [
            f"  - id: n{n}",
            f"    title: Zeros {n}",
            f"    text: torch.zeros({n}) is one-dimensional with {n} elements.",
            "    questions:",
            "      - id: q",
            f"        ask: What is torch.zeros({n}).shape?",
            f"        answer: torch.zeros({n}).shape",
            "        kind: shape",
            f"        expect: ({n},)",
        ]
    path = folder / f"{DECK_ID}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_config(folder: Path) -> Path:
    """Settings without daily limits, so a session only runs dry when every card is waiting."""
    path = folder / "config.toml"
    path.write_text(
        '[scheduling]\nnew_per_day = 100000\nreviews_per_day = 100000\ntimezone = "UTC"\n', encoding="utf-8"
    )
    return path


def environment(root: Path, data_dir: Path, config: Path, mark: str) -> dict[str, str]:
    """The environment of a quizzer process: its own data, config and XDG folders, and a marker."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("QUIZZER_")}
    return env | {
        "QUIZZER_DATA_DIR": str(data_dir),
        "QUIZZER_CONFIG": str(config),
        "XDG_DATA_HOME": str(root / "xdg-data"),
        "XDG_CONFIG_HOME": str(root / "xdg-config"),
        "PYTHONUNBUFFERED": "1",
        MARK: mark,
    }


# one process


def now() -> datetime:
    """The wall clock in UTC, as quizzer's session clock reads it."""
    return datetime.now(UTC)


class PlainProcess:
    """A running ``quizzer ...`` with its stdout read line by line in a thread and stderr collected."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path, line_timeout: float = LINE_TIMEOUT_S) -> None:
        self.started = time.monotonic()
        self.line_timeout = line_timeout
        self.proc = subprocess.Popen(
            [*QUIZZER, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=cwd,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.stdout: list[str] = []
        self._stderr: list[str] = []
        self._threads = [
            threading.Thread(target=self._pump_stdout, daemon=True),
            threading.Thread(target=self._pump_stderr, daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        self.killed_at: datetime | None = None
        self.alive_when_killed = True  # False when the process had already exited by itself

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _pump_stdout(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def _pump_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._stderr.append(line)

    def line(self) -> str | None:
        """The next stdout line, or None at end of output; Hang when none comes in time."""
        try:
            line = self.lines.get(timeout=self.line_timeout)
        except queue.Empty:
            raise Hang(
                f"pid {self.pid}: no output for {self.line_timeout:.0f} s; last lines: {self.stdout[-5:]}"
            ) from None
        if line is not None:
            self.stdout.append(line)
        return line

    def block(self) -> str | None:
        """The next line that starts a block (``== ...``), or None at end of output."""
        while (line := self.line()) is not None:
            if line.startswith("== "):
                return line
        return None

    def until(self, prefix: str) -> str:
        """Read up to and including the next line starting with ``prefix``."""
        while (line := self.line()) is not None:
            if line.startswith(prefix):
                return line
            if line.startswith("== "):
                raise ProtocolError(f"expected a {prefix!r} line, got {line!r}")
        raise ProtocolError(f"output ended while waiting for a {prefix!r} line")

    def send(self, text: str) -> None:
        """Write one line to the process (a dead process is noticed at the next read)."""
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(text + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    def close_input(self) -> None:
        """End of input: the session ends cleanly."""
        assert self.proc.stdin is not None
        with contextlib.suppress(BrokenPipeError, OSError):
            self.proc.stdin.close()

    def kill(self, delay: float = 0.0) -> datetime:
        """SIGKILL the quizzer process (not its workers) after ``delay`` seconds; returns the moment."""
        if delay > 0:
            time.sleep(delay)
        self.killed_at = now()
        self.alive_when_killed = self.proc.poll() is None
        if self.alive_when_killed:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.finish()
        return self.killed_at

    def finish(self, timeout: float = 60.0) -> int:
        """Wait for the process and its output threads; returns the exit status."""
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            code = self.proc.wait()
        for thread in self._threads:
            thread.join(10)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        return code

    @property
    def stderr(self) -> str:
        return "".join(self._stderr)


# answering


@dataclass
class Answer:
    """One answer sent for rating: acked (its `== recorded` was read), maybe (killed in flight) or undone."""

    key: str
    typed: str
    rating: int
    sent_at: datetime
    until: datetime | None = None
    state: str = "maybe"
    process: int = 0
    acknowledged: bool = False  # its `== recorded` line was read (it may have been undone since)

    def matches(self, key: str, typed: str | None, rating: int, reviewed_at: datetime) -> bool:
        upper = self.until or now()
        return (key, typed, rating) == (
            self.key,
            self.typed,
            self.rating,
        ) and self.sent_at - WINDOW_SLACK <= reviewed_at <= upper + WINDOW_SLACK


def size_of(key: str) -> int:
    """N of ``crash/nN/q``."""
    return int(key.split("/")[1][1:])


def typed_answer(key: str, rng: random.Random) -> str:
    """A right answer in one of the accepted forms, a wrong one, or text the shape grader cannot read."""
    n = size_of(key)
    roll = rng.random()
    if roll < 0.55:
        return rng.choice([f"({n},)", f"[{n}]", f"torch.Size([{n}])", f"{n},"])
    if roll < 0.85:
        return rng.choice([f"({n + 1},)", f"({n}, 1)", "()", f"(1, {n})"])
    return rng.choice(["banana", "no idea", "½ × ∞", "(", "[[["])


@dataclass
class KillPlan:
    """Where this cycle's process is killed: a point, the exchange it waits for, and a delay."""

    point: str
    at: int = 1
    delay: float = 0.0


def drive(
    pp: PlainProcess,
    rng: random.Random,
    answers: list[Answer],
    plan: KillPlan | None,
    process: int = 0,
    *,
    limit: int | None = None,
    commands: bool = True,
) -> str:
    """Answer questions until the plan kills the process ("killed"), ``limit`` answers are recorded
    ("limit"; the process then waits for an answer) or the session ends ("done" / "exited").

    Every answer sent for rating is appended to ``answers`` before its rating line is written.
    ``commands``: also send ``:undo`` and ``:skip`` now and then.
    """
    exchange = recorded = 0
    mine: list[Answer] = []  # this process's acknowledged answers, newest last: what :undo undoes
    while True:
        head = pp.block()
        if head is None:
            return "exited"
        if head.startswith("== done"):
            return "done"
        if head.startswith("== waiting"):  # a learning card due within the learn-ahead window: study it now
            pp.send("")
            continue
        if not head.startswith("== question "):
            raise ProtocolError(f"expected a question, got {head!r}")
        key = head.split()[3]
        pp.until("accepts:")
        exchange += 1
        # the plan fires at the first exchange from plan.at on where its point can happen
        here = plan if plan is not None and plan.point != "after recorded" and exchange >= plan.at else None
        roll = rng.random() if commands else 1.0
        if mine and (roll < 0.08 or (here and here.point == "mid-undo")):
            pp.send(":undo")
            if here and here.point == "mid-undo":
                mine[-1].state = "maybe"  # undone or not: either is right, it was never acknowledged
                pp.kill(here.delay)
                return "killed"
            reply = pp.block()
            expected = f"== undone {mine[-1].key}"
            if reply != expected:
                raise ProtocolError(f"expected {expected!r}, got {reply!r}")
            mine.pop().state = "undone"
            continue
        if roll < 0.12 and not here:
            pp.send(":skip")
            if (reply := pp.block()) != "== skipped":
                raise ProtocolError(f"expected '== skipped', got {reply!r}")
            continue
        typed = typed_answer(key, rng)
        pp.send(typed)
        if here and here.point == "mid-grading":
            pp.kill(here.delay)
            return "killed"
        verdict = pp.block()
        while verdict == "== verdict unparsed":
            pp.until("hint:")
            typed = f"({size_of(key)},)"
            pp.send(typed)
            verdict = pp.block()
        if verdict is None or not verdict.startswith("== verdict "):
            raise ProtocolError(f"expected a verdict, got {verdict!r}")
        if verdict == "== verdict error":  # no truth: the question is skipped, nothing recorded
            continue
        suggested = int(pp.until("suggested:").split()[1])
        choice = rng.choice(["1", "2", "3", "4", ""])
        answer = Answer(key, typed, int(choice) if choice else suggested, now(), process=process)
        answers.append(answer)
        pp.send(choice)
        if here and here.point == "mid-answer":
            answer.until = pp.kill(here.delay)
            return "killed"
        ack = pp.block()
        answer.until = now()
        if ack is None or not ack.startswith(f"== recorded {answer.rating} "):
            raise ProtocolError(f"expected '== recorded {answer.rating} ...', got {ack!r}")
        answer.state, answer.acknowledged = "acked", True
        mine.append(answer)
        recorded += 1
        if plan is not None and plan.point == "after recorded" and recorded >= plan.at:
            answer.until = now()
            pp.kill()
            return "killed"
        if limit is not None and recorded >= limit:
            return "limit"


# checking a database


@dataclass
class Check:
    """What one look at the database found."""

    integrity_ok: bool = True
    lost: dict[int, str] = field(default_factory=dict)  # by index in the answers list
    phantom: dict[tuple[Any, ...], str] = field(default_factory=dict)  # by row
    mismatches: dict[tuple[str, str], str] = field(default_factory=dict)  # by (card, problem)
    committed_in_flight: int = 0  # answers killed in flight that did reach the log
    rows: int = 0
    integrity: str = "ok"

    @property
    def ok(self) -> bool:
        return self.integrity_ok and not (self.lost or self.phantom or self.mismatches)

    def problems(self) -> list[str]:
        lines = [] if self.integrity_ok else [f"integrity check failed: {self.integrity}"]
        return [*lines, *self.lost.values(), *self.phantom.values(), *self.mismatches.values()]


def snapshot_files(db: Path, target: Path) -> Path | None:
    """Copy the database file and its WAL (not the shm index) to ``target``; None when there is no database."""
    if not db.exists():
        return None
    target.mkdir(parents=True, exist_ok=True)
    copy = target / db.name
    for suffix in ("", "-wal"):
        source = db.with_name(db.name + suffix)
        destination = copy.with_name(copy.name + suffix)
        if destination.exists():
            destination.unlink()
        if source.exists():
            shutil.copyfile(source, destination)
    for stale in (copy.with_name(copy.name + "-shm"),):
        if stale.exists():
            stale.unlink()
    return copy


def check_database(db: Path | None, answers: list[Answer], *, ordered: bool = True) -> Check:
    """Integrity, every acknowledged answer in the log, no stray rows, every card agreeing with its log.

    ``ordered``: ``answers`` were given one process after another, in this order. Otherwise
    (processes answering at the same time) each acknowledged answer must have its own row,
    within its time window, and every row must be an answer that was sent.
    """
    result = Check()
    if db is None or not db.exists():
        result.lost = {
            i: f"lost (no database): {a.key} {a.typed!r} rating {a.rating}"
            for i, a in enumerate(answers)
            if a.state == "acked"
        }
        return result
    try:
        with sqlite3.connect(db) as connection:
            integrity = connection.execute("PRAGMA integrity_check").fetchall()
            foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
        connection.close()
    except sqlite3.DatabaseError as error:  # not even readable
        result.integrity_ok, result.integrity = False, f"{type(error).__name__}: {error}"
        return result
    result.integrity_ok = integrity == [("ok",)] and foreign == []
    result.integrity = f"{integrity[:5]} foreign keys {foreign[:5]}"
    if not result.integrity_ok:
        return result
    engine = create_engine(f"sqlite:///{db}")
    try:
        if not inspect(engine).has_table("review_log"):
            result.lost = {
                i: f"lost (no review_log table): {a.key} {a.typed!r}"
                for i, a in enumerate(answers)
                if a.state == "acked"
            }
            return result
        with Session(engine) as session:
            cards = {card.id: card for card in session.execute(select(Card)).scalars()}
            rows = read_details(session, session.scalars(select(Profile.id)).one())  # the one learner
            result.rows = len(rows)
            (_match_log if ordered else _match_concurrent)(result, rows, cards, answers)
            _check_cards(result, rows, cards)
    finally:
        engine.dispose()
    return result


def _match_log(result: Check, rows: list[ReviewDetails], cards: dict[int, Card], answers: list[Answer]) -> None:
    """Rows must be the acknowledged answers, in order, plus some of those killed in flight; nothing else."""
    position = 0
    for index, answer in enumerate(answers):
        if answer.state == "undone":
            continue
        row = rows[position] if position < len(rows) else None
        if row is not None and answer.matches(cards[row.card_id].key, row.typed_answer, row.rating, row.reviewed_at):
            position += 1
            result.committed_in_flight += answer.state == "maybe"
            continue
        if answer.state == "acked":
            result.lost[index] = (
                f"lost: acknowledged answer {answer.key} {answer.typed!r} rating {answer.rating} "
                f"(sent {answer.sent_at.isoformat()}, process {answer.process}) is not the next log row "
                f"(next row: {_describe(row, cards)})"
            )
    for row in rows[position:]:
        key = (row.review_id, cards[row.card_id].key, row.typed_answer, row.rating, row.reviewed_at)
        result.phantom[key] = f"unexpected log row: {_describe(row, cards)}"


def _match_concurrent(result: Check, rows: list[ReviewDetails], cards: dict[int, Card], answers: list[Answer]) -> None:
    """Each acknowledged answer takes one row of its own that matches it; rows left over must be in-flight answers."""
    free = list(rows)
    for index, answer in sorted(enumerate(answers), key=lambda item: item[1].state != "acked"):
        if answer.state == "undone":
            continue
        row = next(
            (r for r in free if answer.matches(cards[r.card_id].key, r.typed_answer, r.rating, r.reviewed_at)), None
        )
        if row is not None:
            free.remove(row)
            result.committed_in_flight += answer.state == "maybe"
        elif answer.state == "acked":
            result.lost[index] = (
                f"lost: acknowledged answer {answer.key} {answer.typed!r} rating {answer.rating} (process {answer.process})"
            )
    for row in free:
        key = (row.review_id, cards[row.card_id].key, row.typed_answer, row.rating, row.reviewed_at)
        result.phantom[key] = f"unexpected log row: {_describe(row, cards)}"


def _describe(row: ReviewDetails | None, cards: dict[int, Card]) -> str:
    if row is None:
        return "none"
    return f"#{row.review_id} {cards[row.card_id].key} {row.typed_answer!r} rating {row.rating} at {row.reviewed_at.isoformat()}"


def _check_cards(result: Check, rows: list[ReviewDetails], cards: dict[int, Card]) -> None:
    by_card: dict[int, list[ReviewDetails]] = {card_id: [] for card_id in cards}
    for row in rows:
        by_card[row.card_id].append(row)
    for card_id, history in by_card.items():
        card = cards[card_id]
        problems = []
        if card.reps != len(history):
            problems.append(f"reps {card.reps} but {len(history)} log rows")
        if not history:
            if card.state != int(Phase.NEW) or card.last_review is not None or card.lapses:
                problems.append(
                    f"no log rows but state {card.state}, last_review {card.last_review}, lapses {card.lapses}"
                )
        else:
            last = history[-1]
            if card.last_review != last.reviewed_at:
                problems.append(f"last_review {card.last_review} but last row at {last.reviewed_at}")
            if snapshot(card) != last.sched_after:
                problems.append(
                    f"columns {json.dumps(snapshot(card))} but last row's sched_after {json.dumps(last.sched_after)}"
                )
            first = history[0].sched_before["schedule"]
            if first.get("reps") != 0 or first.get("phase") != int(Phase.NEW):
                problems.append(f"first row's sched_before is not a new card: {first}")
            for earlier, later in itertools.pairwise(history):
                if earlier.sched_after != later.sched_before:
                    problems.append(
                        f"row #{later.review_id}'s sched_before differs from row #{earlier.review_id}'s sched_after"
                    )
        result.mismatches |= {(card.key, problem): f"card {card.key}: {problem}" for problem in problems}


# leftover processes


def marked_processes(mark: str) -> list[int]:
    """Pids of live processes whose environment holds ``MARK=mark`` (Linux /proc; [] elsewhere)."""
    needle = f"{MARK}={mark}".encode()
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if needle in environ.split(b"\0") and stat.rsplit(")", 1)[-1].split()[0] != "Z":
            found.append(int(entry.name))
    return found


def reap_leftovers(mark: str, grace: float = ORPHAN_GRACE_S) -> int:
    """Wait up to ``grace`` s for a killed run's workers to exit by themselves; kill and count those that don't."""
    deadline = time.monotonic() + grace
    while (left := marked_processes(mark)) and time.monotonic() < deadline:
        time.sleep(0.02)
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return len(left)


# the whole run


@dataclass
class Tally:
    """Running figures of a harness run."""

    kills: Counter[str] = field(default_factory=Counter)
    cycles: int = 0
    databases: int = 0
    acknowledged: int = 0
    undone: int = 0
    undo_in_flight: int = 0
    in_flight: int = 0
    committed_in_flight: int = 0
    lost: int = 0
    phantom: int = 0
    integrity_failures: int = 0
    mismatches: int = 0
    restart_failures: int = 0
    locked_errors: int = 0
    tracebacks: int = 0
    hangs: int = 0
    protocol_errors: int = 0
    leftover_processes: int = 0
    first_question_s: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seen: set[tuple[Any, ...]] = field(default_factory=set)

    def note(self, problem: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(problem)


def choose_plan(rng: random.Random, startup_estimate: float) -> KillPlan:
    """A seeded random kill point for one cycle."""
    point = rng.choices([p for p, _ in KILL_POINTS], weights=[w for _, w in KILL_POINTS])[0]
    if point == "start-up":
        return KillPlan(point, 0, rng.uniform(0.0, startup_estimate))
    at = rng.randint(1, 4)
    delay = {
        "mid-answer": rng.uniform(0.0, 0.015),
        "mid-grading": rng.uniform(0.0, 0.05),
        "mid-undo": rng.uniform(0.0, 0.02),
    }
    return KillPlan(point, at, delay.get(point, 0.0))


def run(kills: int = 20, seed: int = 0, *, workdir: Path | None = None, notes: int = NOTES) -> dict[str, Any]:
    """Kill ``kills`` review processes at seeded random points; check the database after each; return the figures."""
    rng = random.Random(seed)
    started = time.monotonic()
    tally = Tally()
    owned = workdir is None
    root = Path(tempfile.mkdtemp(prefix="quizzer-crash-")) if workdir is None else workdir
    try:
        deck, config = write_deck(root, notes), write_config(root)
        generation = 0
        answers: list[Answer] = []
        data_dir = _new_database(root, generation, tally)
        while sum(tally.kills.values()) < kills:
            tally.cycles += 1
            mark = f"{os.getpid()}-{seed}-{tally.cycles}"
            estimate = 1.1 * statistics.median(tally.first_question_s) if tally.first_question_s else 1.5
            plan = choose_plan(rng, estimate)
            end = _cycle(root, deck, data_dir, config, mark, rng, plan, answers, tally)
            if end == "killed":
                tally.kills[plan.point] += 1
            tally.leftover_processes += reap_leftovers(mark)
            db = data_dir / "quizzer.sqlite3"
            copy = snapshot_files(db, root / "check")
            _count(
                tally,
                check_database(copy, answers),
                f"after cycle {tally.cycles} ({plan.point})",
                generation,
                final=False,
            )
            if end != "killed":  # the session ran out of cards (or failed): finish this database, start another
                _count(tally, check_database(db, answers), f"database {generation} final", generation, final=True)
                generation += 1
                answers = []
                data_dir = _new_database(root, generation, tally)
        _count(
            tally,
            check_database(data_dir / "quizzer.sqlite3", answers),
            f"database {generation} final",
            generation,
            final=True,
        )
    finally:
        if owned:
            shutil.rmtree(root, ignore_errors=True)
    seconds = time.monotonic() - started
    total_kills = sum(tally.kills.values())
    return {
        "kills": total_kills,
        "kills_by_point": dict(tally.kills),
        "cycles": tally.cycles,
        "databases": tally.databases,
        "acknowledged": tally.acknowledged,
        "undone": tally.undone,
        "undo_in_flight": tally.undo_in_flight,
        "in_flight": tally.in_flight,
        "in_flight_committed": tally.committed_in_flight,
        "lost": tally.lost,
        "phantom": tally.phantom,
        "integrity_failures": tally.integrity_failures,
        "mismatches": tally.mismatches,
        "restart_failures": tally.restart_failures,
        "locked_errors": tally.locked_errors,
        "tracebacks": tally.tracebacks,
        "hangs": tally.hangs,
        "protocol_errors": tally.protocol_errors,
        "leftover_processes": tally.leftover_processes,
        "first_question_s": statistics.median(tally.first_question_s) if tally.first_question_s else None,
        "seconds": seconds,
        "seconds_per_cycle": seconds / max(1, tally.cycles),
        "problems": tally.problems,
        "seed": seed,
    }


def _new_database(root: Path, generation: int, tally: Tally) -> Path:
    tally.databases += 1
    data_dir = root / f"db{generation}"
    shutil.rmtree(data_dir, ignore_errors=True)
    return data_dir


def _cycle(
    root: Path,
    deck: Path,
    data_dir: Path,
    config: Path,
    mark: str,
    rng: random.Random,
    plan: KillPlan,
    answers: list[Answer],
    tally: Tally,
) -> str:
    """One process: start, answer, get killed (or run dry); returns how it ended."""
    env = environment(root, data_dir, config, mark)
    pp = PlainProcess(["review", "--plain", "--deck", str(deck), "--trust"], env, root)
    end = "killed"
    try:
        if plan.point == "start-up":
            pp.kill(plan.delay)
        else:
            first = _FirstQuestionClock(pp, tally)
            end = drive(first, rng, answers, plan, process=tally.cycles)
            if end != "killed":
                pp.close_input()
    except Hang as hang:
        tally.hangs += 1
        tally.note(f"cycle {tally.cycles}: {hang}")
        pp.kill()
        end = "hang"
    except ProtocolError as error:
        tally.protocol_errors += 1
        tally.note(f"cycle {tally.cycles}: protocol: {error}")
        pp.kill()
        end = "protocol"
    if end == "killed" and not pp.alive_when_killed:
        end = "exited"  # it ended before the kill: a failed start unless it exits 0
    code = pp.finish()
    stderr = pp.stderr
    if end != "killed" and code != 0:
        tally.restart_failures += 1
        tally.note(f"cycle {tally.cycles}: exit {code} after {end}: {stderr.strip()[-2000:]}")
    if LOCKED in stderr:
        tally.locked_errors += 1
        tally.note(f"cycle {tally.cycles}: 'database is locked' on stderr: {stderr.strip()[-2000:]}")
    if "Traceback" in stderr:
        tally.tracebacks += 1
        tally.note(f"cycle {tally.cycles}: traceback on stderr: {stderr.strip()[-2000:]}")
    for answer in answers:
        if answer.process == tally.cycles:
            tally.acknowledged += answer.acknowledged
            tally.undone += answer.state == "undone"
            tally.in_flight += not answer.acknowledged
            tally.undo_in_flight += answer.acknowledged and answer.state == "maybe"
    return end


class _FirstQuestionClock:
    """Wraps a PlainProcess to time its first question (the start-up kill window follows it)."""

    def __init__(self, pp: PlainProcess, tally: Tally) -> None:
        self._pp, self._tally, self._seen = pp, tally, False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pp, name)

    def until(self, prefix: str) -> str:
        line = self._pp.until(prefix)
        if prefix == "accepts:" and not self._seen:
            self._seen = True
            self._tally.first_question_s.append(time.monotonic() - self._pp.started)
        return line


def _count(tally: Tally, check: Check, where: str, generation: int, *, final: bool) -> None:
    """Add what a check found; a problem still there at the next check is counted once."""
    tally.integrity_failures += not check.integrity_ok
    if not check.integrity_ok:
        tally.note(f"{where}: integrity check failed: {check.integrity}")
    for kind, found in (("lost", check.lost), ("phantom", check.phantom), ("mismatches", check.mismatches)):
        for key, problem in found.items():
            if (generation, kind, key) not in tally.seen:
                tally.seen.add((generation, kind, key))
                setattr(tally, kind, getattr(tally, kind) + 1)
                tally.note(f"{where}: {problem}")
    if final:
        tally.committed_in_flight += check.committed_in_flight


def main(argv: list[str] | None = None) -> None:
    """``python -m testsupport.crash_harness [KILLS] [SEED]``: print the figures as JSON."""
    args = sys.argv[1:] if argv is None else argv
    kills, seed = (int(args[0]) if args else 20), (int(args[1]) if len(args) > 1 else 0)
    print(json.dumps(run(kills, seed), indent=2, default=str))


if __name__ == "__main__":
    main()
