"""Database faults next to the crash harness: the file deleted or replaced under a running session, export onto it.

Each round runs real processes on a fresh temporary database (helpers of
``testsupport.crash_harness``):

* ``deleted``: ``quizzer review --plain`` records a few answers, then its database file
  is deleted; the next rating must not be acknowledged: the process prints one line
  naming the file and exits 4. A new start must refuse (exit 4) instead of creating an
  empty database where the reviews were.
* ``replaced``: as above, but the file is replaced by a consistent copy of itself (a
  restored backup, another tool's rewrite). Nothing may be acknowledged into the old
  file after that, and every answer acknowledged before must be in the copy.
* ``export``: ``quizzer export --revlog`` pointed at the database (and at its WAL) must be
  refused (exit 2) with the database left byte for byte as it was and still whole.

``run(rounds, seed)`` returns the figures; ``python -m testsupport.db_faults [ROUNDS] [SEED]``
prints them. Used by tests/reliability/test_db_faults.py and bench/bench_reliability.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import Any

from testsupport.crash_harness import (
    QUIZZER,
    Answer,
    PlainProcess,
    ProtocolError,
    check_database,
    drive,
    environment,
    reap_leftovers,
    write_config,
    write_deck,
)

CASES = ("deleted", "replaced", "export")


def run(rounds: int = 1, seed: int = 0, *, workdir: Path | None = None) -> dict[str, Any]:
    """``rounds`` rounds of every case; the figures (``problems`` lists what went wrong, empty when all held)."""
    rng = random.Random(seed)
    started = time.monotonic()
    owned = workdir is None
    root = Path(tempfile.mkdtemp(prefix="quizzer-dbfaults-")) if workdir is None else workdir
    figures: Counter[str] = Counter()
    problems: list[str] = []
    try:
        deck, config = write_deck(root, notes=12), write_config(root)
        for round_number in range(rounds):
            for case in CASES:
                folder = root / f"{case}-{round_number}"
                folder.mkdir()
                mark = f"{os.getpid()}-dbfaults-{seed}-{case}-{round_number}"
                env = environment(root, folder / "data", config, mark)
                if case == "export":
                    found = _export(folder, deck, env, rng, figures)
                else:
                    found = _session(case, folder, deck, env, rng, figures)
                problems += [f"{case} round {round_number}: {problem}" for problem in found]
                figures["leftover_processes"] += reap_leftovers(mark)
                figures[f"rounds_{case}"] += 1
    finally:
        if owned:
            shutil.rmtree(root, ignore_errors=True)
    return {**dict(figures), "problems": problems, "seconds": time.monotonic() - started, "seed": seed}


def _session(
    case: str, folder: Path, deck: Path, env: dict[str, str], rng: random.Random, figures: Counter[str]
) -> list[str]:
    """Answer a few questions, delete or replace the database, answer one more; check what happened."""
    problems: list[str] = []
    db = folder / "data" / "quizzer.sqlite3"
    answers: list[Answer] = []
    pp = PlainProcess(["review", "--plain", "--deck", str(deck), "--trust"], env, folder)
    try:
        if drive(pp, rng, answers, None, limit=rng.randint(1, 3), commands=False) != "limit":
            return [f"the session ended before the fault: {pp.stdout[-3:]}"]
        figures["acknowledged"] += sum(answer.acknowledged for answer in answers)
        if case == "deleted":
            db.unlink()
        else:
            _replace_with_copy(db)
        acknowledged_after = _answer_once(pp)
    except ProtocolError as error:
        problems.append(f"protocol: {error}")
        acknowledged_after = False
    finally:
        code = pp.finish()
    figures["acknowledged_after_fault"] += acknowledged_after
    if acknowledged_after:
        problems.append("an answer was acknowledged after the database file was " + case)
    problems += _one_line_exit_4(code, pp.stderr, "was " + case, figures)
    if case == "deleted":
        again = subprocess.run([*QUIZZER, "stats"], env=env, cwd=folder, capture_output=True, text=True, timeout=120)
        problems += _one_line_exit_4(again.returncode, again.stderr, "is missing", figures)
        if db.exists():
            problems.append("the next start created an empty database where the reviews were")
        else:
            figures["restarts_refused"] += 1
    else:
        check = check_database(db, answers)
        figures["lost"] += len(check.lost)
        problems += check.problems()
    return problems


def _replace_with_copy(db: Path) -> None:
    """Replace ``db`` by a consistent copy of itself (SQLite's backup API reads through the WAL): a new file."""
    copy = db.with_name(db.name + ".copy")
    with closing(sqlite3.connect(db)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    os.replace(copy, db)


def _answer_once(pp: PlainProcess) -> bool:
    """Answer the question on screen and rate it; whether the rating was acknowledged (``== recorded``)."""
    head = pp.block()
    while head is not None and head.startswith("== waiting"):
        pp.send("")
        head = pp.block()
    if head is None or not head.startswith("== question "):
        return False
    pp.until("accepts:")
    pp.send(f"({head.split()[3].split('/')[1][1:]},)")
    verdict = pp.block()
    if verdict is None or not verdict.startswith("== verdict "):
        return False
    pp.until("suggested:")
    pp.send("3")
    reply = pp.block()
    return reply is not None and reply.startswith("== recorded")


def _one_line_exit_4(code: int, stderr: str, phrase: str, figures: Counter[str]) -> list[str]:
    lines = stderr.strip().splitlines()
    if "Traceback" in stderr:
        figures["tracebacks"] += 1
        return [f"a traceback: {stderr.strip()[-300:]}"]
    if code != 4 or len(lines) != 1 or phrase not in lines[0]:
        return [f"expected exit 4 and one line saying {phrase!r}, got {code}: {lines}"]
    figures["one_line_exits_4"] += 1
    return []


def _export(folder: Path, deck: Path, env: dict[str, str], rng: random.Random, figures: Counter[str]) -> list[str]:
    """Record a few answers, then point export at the database and its WAL: refused, database untouched."""
    db = folder / "data" / "quizzer.sqlite3"
    answers: list[Answer] = []
    pp = PlainProcess(["review", "--plain", "--deck", str(deck), "--trust"], env, folder)
    try:
        drive(pp, rng, answers, None, limit=rng.randint(1, 3), commands=False)
        pp.close_input()
    finally:
        pp.finish()
    figures["acknowledged"] += sum(answer.acknowledged for answer in answers)
    problems = []
    for target in (db, db.with_name(db.name + "-wal")):
        before = _digest(target)
        done = subprocess.run(
            [*QUIZZER, "export", "--revlog", str(target)], env=env, cwd=folder, capture_output=True, text=True
        )
        if done.returncode != 2 or "quizzer reads" not in done.stderr or len(done.stderr.strip().splitlines()) != 1:
            problems.append(f"export --revlog {target.name}: exit {done.returncode}, {done.stderr.strip()!r}")
        elif _digest(target) != before:
            problems.append(f"export --revlog {target.name} changed the file")
        else:
            figures["exports_refused"] += 1
    check = check_database(db, answers)
    figures["lost"] += len(check.lost)
    return problems + check.problems()


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def main(argv: list[str] | None = None) -> None:
    """``python -m testsupport.db_faults [ROUNDS] [SEED]``: run and print the figures as JSON."""
    args = sys.argv[1:] if argv is None else argv
    rounds = int(args[0]) if args else 1
    seed = int(args[1]) if len(args) > 1 else 0
    print(json.dumps(run(rounds, seed), indent=2, default=str))


if __name__ == "__main__":
    main()
