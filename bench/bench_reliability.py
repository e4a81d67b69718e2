"""Reliability figures: kills survived, hostile snippets contained, malformed decks diagnosed, fuzzing.

Measures, in one run, each with the command that reproduces it and the time it took:

* the crash harness (testsupport/crash_harness.py) at 200 SIGKILLs of
  ``quizzer review --plain``: kills survived, answers acknowledged, answers lost,
  integrity failures, cards out of step with their log; baseline: a plain start of
  ``quizzer --version``, against the time of one kill-and-restart cycle;
* ``quizzer check`` on tests/checking/decks/hostile.yaml: questions whose outcome is a
  clear status (and the one the deck's tests expect) against tracebacks or a hang;
* every file of tests/decks/malformed through ``quizzer lint``: exit status 3 naming each
  expected ``file:line:col``, no traceback; baseline: ``quizzer --version``;
* every file of tests/decks/hostile (alias bombs, deep expressions, huge format widths,
  deep YAML) through ``quizzer lint`` under a 1 GiB address-space cap: the same check;
* the database faults of testsupport/db_faults.py (the file deleted or replaced under a
  running ``review --plain``, ``export`` onto it): answers acknowledged after the fault,
  one-line exits 4, restarts refused, exports refused, answers lost;
* the trust race of testsupport/trust_race.py: a deck swapped between a trusted and an
  untrusted version while ``show`` and ``check`` load it; runs of the untrusted code;
* hypothesis fuzzing, 10,000 examples each, of the deck loader and the answer parsers:
  examples run and uncaught exceptions.

``python -m bench.bench_reliability`` prints the markdown; ``run()`` returns the numbers;
``reliability_markdown(results)`` is the whole docs/reliability.md page.
"""

from __future__ import annotations

import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from quizzer.outcome import Status

REPO = Path(__file__).resolve().parent.parent
QUIZZER = [sys.executable, "-m", "quizzer"]
HOSTILE = REPO / "tests" / "checking" / "decks" / "hostile.yaml"
MALFORMED = REPO / "tests" / "decks" / "malformed"
HOSTILE_DECKS = REPO / "tests" / "decks" / "hostile"
HOSTILE_MEMORY_CAP = 1024 * 2**20  # address space of each lint run
DB_FAULT_ROUNDS = 5
TRUST_RACE_TRIES = 40
KILLS = 200
SEED = 0
FUZZ_EXAMPLES = 10_000
HANG_S = 600  # a check or lint that runs longer than this has hung
EXPECT = re.compile(rb"^# expect: (\d+):(\d+): (.+)$", re.MULTILINE)

# What each hostile snippet must end as: (check status, outcome status); the same table
# as tests/checking/test_check_command.py::test_hostile_snippets_get_clear_outcomes.
HOSTILE_EXPECTED = {
    "python-loop": ("error", "timeout"),
    "long-c-op": ("error", "timeout"),
    "reads-stdin": ("passed", "exception"),
    "sys-exit": ("passed", "exception"),
    "os-exit": ("error", "crashed"),
    "kill-self": ("error", "crashed"),
    "segfault": ("error", "crashed"),
    "recursion": ("passed", "exception"),
    "flood": ("error", "output_too_large"),
    "memory-hog": ("error", "out_of_memory"),
    "protocol-lookalike": ("passed", "value"),
    "leaves-thread": ("passed", "value"),
    "after-all-that": ("passed", "value"),
}


def run(kills: int = KILLS, fuzz_examples: int = FUZZ_EXAMPLES, seed: int = SEED) -> dict[str, Any]:
    """Every measurement; times in seconds unless the key says ms."""
    started = time.perf_counter()
    version_s = statistics.median(_wall([*QUIZZER, "--version"]) for _ in range(5))
    results = {
        "machine": machine(),
        "date": str(date.today()),
        "version_start_s": version_s,
        "crash": _crash(kills, seed, version_s),
        "hostile": _hostile(),
        "malformed": _malformed(version_s),
        "hostile_decks": _malformed(version_s, HOSTILE_DECKS, capped=True),
        "db_faults": _db_faults(),
        "trust_race": _trust_race(),
        "fuzz": {
            "loader": _fuzz("loader", fuzz_examples),
            "answers": _fuzz("answers", fuzz_examples),
        },
    }
    results["seconds"] = time.perf_counter() - started
    return results


def machine() -> str:
    """One line describing where the figures were measured."""
    cpu = platform.processor() or platform.machine()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{usable} usable CPUs ({cpu}), Python {platform.python_version()}, {platform.system()} {platform.release()}"


def _wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=REPO)
    return time.perf_counter() - started


# crash harness


def _crash(kills: int, seed: int, version_s: float) -> dict[str, Any]:
    from testsupport import crash_harness

    figures = crash_harness.run(kills, seed)
    figures["command"] = f"python -m testsupport.crash_harness {kills} {seed}"
    figures["cycle_vs_version"] = figures["seconds_per_cycle"] / version_s
    return figures


# hostile snippets


def _hostile() -> dict[str, Any]:
    args = ["check", str(HOSTILE.relative_to(REPO)), "--trust", "--timeout", "2", "--memory", "1G", "--format", "json"]
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [*QUIZZER, *args], capture_output=True, text=True, cwd=REPO, timeout=HANG_S, env=_clean_env()
        )
        wall, hung = time.perf_counter() - started, False
    except subprocess.TimeoutExpired:
        wall, hung, done = time.perf_counter() - started, True, None
    rows: list[dict[str, Any]] = []
    report: dict[str, Any] = {}
    if done is not None:
        try:
            report = json.loads(done.stdout)
        except json.JSONDecodeError:
            report = {}
    for result in report.get("results", []):
        name = result["id"].rsplit("/", 1)[1]
        outcome = result.get("outcome", {}).get("status")
        clear = (
            result["status"] in ("passed", "failed", "error", "skipped")
            and outcome in set(Status)
            and "Traceback" not in result.get("message", "")
            and (result["status"] == "passed" or bool(result.get("message")))
        )
        rows.append(
            {
                "question": name,
                "status": result["status"],
                "outcome": outcome,
                "clear": clear,
                "as_expected": HOSTILE_EXPECTED.get(name) == (result["status"], outcome),
                "run_seconds": result.get("run_seconds", 0.0),
                "message": result.get("message", "")[:120],
            }
        )
    stderr = done.stderr if done is not None else ""
    return {
        "command": "quizzer " + " ".join(args),
        "questions": len(HOSTILE_EXPECTED),
        "reported": len(rows),
        "contained": sum(row["clear"] for row in rows) if "Traceback" not in stderr else 0,
        "as_expected": sum(row["as_expected"] for row in rows),
        "hung": hung,
        "traceback": "Traceback" in stderr,
        "exit_status": None if done is None else done.returncode,
        "wall_s": wall,
        "snippet_sum_s": sum(row["run_seconds"] for row in rows),
        "rows": rows,
    }


# malformed decks


def _malformed(version_s: float, folder: Path = MALFORMED, *, capped: bool = False) -> dict[str, Any]:
    files = sorted(folder.glob("*.yaml"))
    rows, times = [], []
    for path in files:
        shown = path.relative_to(REPO)
        expected = [(int(m[1]), int(m[2]), m[3].decode()) for m in EXPECT.finditer(path.read_bytes())]
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [*QUIZZER, "lint", str(shown)],
                capture_output=True,
                text=True,
                cwd=REPO,
                timeout=HANG_S,
                env=_clean_env(),
                preexec_fn=_cap_memory if capped else None,
            )
            code, stderr = done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired:
            code, stderr = None, "hung"
        times.append(time.perf_counter() - started)
        located = all(f"{shown}:{line}:{col}: " in stderr and message in stderr for line, col, message in expected)
        diagnosed = code == 3 and bool(expected) and located and "Traceback" not in stderr
        rows.append({"file": path.name, "exit_status": code, "expected": len(expected), "diagnosed": diagnosed})
    return {
        "command": f"quizzer lint {folder.relative_to(REPO)}/FILE (one run per file"
        + (", 1 GiB address space)" if capped else ")"),
        "files": len(files),
        "diagnosed": sum(row["diagnosed"] for row in rows),
        "failures": [row for row in rows if not row["diagnosed"]],
        "wall_s": sum(times),
        "per_file_s": statistics.median(times) if times else 0.0,
        "per_file_vs_version": (statistics.median(times) / version_s) if times else 0.0,
    }


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (HOSTILE_MEMORY_CAP, HOSTILE_MEMORY_CAP))


# database faults and the trust race


def _db_faults() -> dict[str, Any]:
    from testsupport import db_faults

    figures = db_faults.run(DB_FAULT_ROUNDS, SEED)
    figures["command"] = f"python -m testsupport.db_faults {DB_FAULT_ROUNDS} {SEED}"
    return figures


def _trust_race() -> dict[str, Any]:
    from testsupport import trust_race

    return trust_race.run(TRUST_RACE_TRIES)


def _clean_env() -> dict[str, str]:
    """The environment with QUIZZER_* settings removed and data kept out of the user's folders."""
    scratch = Path(tempfile.gettempdir()) / "quizzer-bench-reliability"
    env = {key: value for key, value in os.environ.items() if not key.startswith("QUIZZER_") and key != "CI"}
    return env | {"QUIZZER_DATA_DIR": str(scratch / "data"), "QUIZZER_CONFIG": str(scratch / "config.toml")}


# fuzzing


def _fuzz(target: str, examples: int) -> dict[str, Any]:
    from testsupport import fuzz_answers, fuzz_loader

    function: Callable[..., dict[str, Any]] = (
        fuzz_loader.fuzz_loader if target == "loader" else fuzz_answers.fuzz_answers
    )
    counts: dict[str, Any] = {}
    started = time.perf_counter()
    failures: list[str] = []
    try:
        function(examples, database=False, counts=counts)
    except Exception as error:
        failures = [_describe_failure(sub) for sub in getattr(error, "exceptions", [error])]
    seconds = time.perf_counter() - started
    module = "test_fuzz_loader" if target == "loader" else "test_fuzz_answers"
    run_count = counts.get("examples", 0)
    return {
        "command": f"QUIZZER_FUZZ_EXAMPLES={examples} pytest tests/reliability/{module}.py",
        "requested": examples,
        "examples": run_count,
        "completed": not failures,
        "uncaught": len(failures),
        "failures": failures,
        "seconds": seconds,
        "per_example_ms": 1000 * seconds / max(1, run_count),
        "details": {key: value for key, value in counts.items() if key != "examples"},
    }


def _describe_failure(error: BaseException) -> str:
    """One line: the exception, where it was raised, and the input hypothesis reduced it to."""
    frames = traceback.extract_tb(error.__traceback__)
    where = next(
        (
            f"{Path(frame.filename).relative_to(REPO)}:{frame.lineno}"
            for frame in reversed(frames)
            if frame.filename.startswith(str(REPO / "quizzer"))
        ),
        "",
    )
    notes = " ".join(note for note in getattr(error, "__notes__", []) if "Falsifying" in note or "property_(" in note)
    text = f"{type(error).__name__}: {error}".splitlines()[0][:200]
    return f"{text} at {where or 'the test'}; {' '.join(notes.split())[:600]}"


# reports


def markdown(results: dict[str, Any]) -> str:
    """The figures as a markdown table: figure, value, baseline, command, time."""
    crash, hostile, malformed, fuzz = results["crash"], results["hostile"], results["malformed"], results["fuzz"]
    decks, faults, race = results["hostile_decks"], results["db_faults"], results["trust_race"]
    version = results["version_start_s"]
    rows = [
        (
            "SIGKILLs of `review --plain` survived",
            f"{_survived(crash)} of {crash['kills']}",
            "",
            f"`{crash['command']}`",
            f"{crash['seconds']:.0f} s",
        ),
        ("answers acknowledged (`== recorded` read)", f"{crash['acknowledged']}", "", "same run", ""),
        ("acknowledged answers lost", f"**{crash['lost']}**", "must be 0", "same run", ""),
        (
            "integrity failures / cards out of step with their log",
            f"{crash['integrity_failures']} / {crash['mismatches']}",
            "must be 0",
            "same run",
            "",
        ),
        (
            "one kill-and-restart cycle",
            f"{crash['seconds_per_cycle']:.2f} s",
            f"`quizzer --version` {version:.2f} s ({crash['cycle_vs_version']:.1f}x)",
            "same run",
            "",
        ),
        (
            "hostile snippets contained (clear status)",
            f"{hostile['contained']} of {hostile['questions']}",
            f"{hostile['as_expected']} as the tests expect" + (", HUNG" if hostile["hung"] else ""),
            f"`{hostile['command']}`",
            f"{hostile['wall_s']:.1f} s",
        ),
        (
            "malformed decks diagnosed (exit 3, file:line:col)",
            f"{malformed['diagnosed']} of {malformed['files']}",
            f"{malformed['per_file_s']:.2f} s per file vs `quizzer --version` {version:.2f} s "
            f"({malformed['per_file_vs_version']:.1f}x)",
            f"`{malformed['command']}`",
            f"{malformed['wall_s']:.1f} s",
        ),
        (
            "hostile decks refused (exit 3, file:line:col)",
            f"{decks['diagnosed']} of {decks['files']}",
            f"{decks['per_file_s']:.2f} s per file vs `quizzer --version` {version:.2f} s "
            f"({decks['per_file_vs_version']:.1f}x)",
            f"`{decks['command']}`",
            f"{decks['wall_s']:.1f} s",
        ),
        (
            "answers acknowledged after the database file was deleted or replaced",
            f"**{faults.get('acknowledged_after_fault', 0)}**",
            f"must be 0; {faults.get('one_line_exits_4', 0)} one-line exits 4, "
            f"{faults.get('restarts_refused', 0)} empty re-creations refused, "
            f"{faults.get('exports_refused', 0)} exports onto the database refused, "
            f"{faults.get('lost', 0)} lost, {len(faults['problems'])} problems",
            f"`{faults['command']}`",
            f"{faults['seconds']:.0f} s",
        ),
        (
            "untrusted code run while the deck was swapped",
            f"**{race['untrusted_ran']}** of {race['tries']} runs",
            f"must be 0; {_statuses(race['outcomes'])}",
            f"`testsupport.trust_race.run({race['tries']})`",
            f"{race['seconds']:.0f} s",
        ),
    ]
    for name, label in (("loader", "deck loader"), ("answers", "answer parsers")):
        item = fuzz[name]
        run_count = f"{item['examples']:,}" + ("" if item["completed"] else " (stopped at a failure)")
        rows.append(
            (
                f"fuzz examples, {label}",
                f"{run_count} of {item['requested']:,}",
                f"{item['uncaught']} uncaught exceptions; {item['per_example_ms']:.2f} ms per example",
                f"`{item['command']}`",
                f"{item['seconds']:.0f} s",
            )
        )
    lines = ["| figure | value | baseline / check | command | time |", "|---|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows]
    return "\n".join(lines)


def _survived(crash: dict[str, Any]) -> int:
    """Kills after which nothing was lost and the next start worked (all of them, unless something failed)."""
    bad = (
        crash["lost"] + crash["integrity_failures"] + crash["mismatches"] + crash["phantom"] + crash["restart_failures"]
    )
    return max(0, crash["kills"] - bad)


def _statuses(outcomes: dict[int, int]) -> str:
    return "exit " + ", exit ".join(f"{code} {count} times" for code, count in sorted(outcomes.items()))


def _counts(details: dict[str, Any]) -> str:
    flat = {**{k: v for k, v in details.items() if not isinstance(v, dict)}, **details.get("verdicts", {})}
    return ", ".join(f"{key} {value:,}" for key, value in flat.items())


def reliability_markdown(results: dict[str, Any]) -> str:
    """The whole docs/reliability.md page."""
    crash, hostile, malformed, fuzz = results["crash"], results["hostile"], results["malformed"], results["fuzz"]
    points = ", ".join(f"{point} {count}" for point, count in sorted(crash["kills_by_point"].items()))
    lines = [
        "# Reliability",
        "",
        f"Generated by `python -m bench.bench_reliability` on {results['date']}: {results['machine']}.",
        f"The whole run took {results['seconds']:.0f} s. Baselines are measured in the same run.",
        "",
        markdown(results),
        "",
        "## Crash safety",
        "",
        f"`{crash['command']}` started `quizzer review --plain` {crash['cycles']} times on "
        f"{crash['databases']} temporary database(s) and killed it with SIGKILL {crash['kills']} times "
        f"({points}). {crash['acknowledged']} answers were acknowledged ({crash['undone']} of them undone "
        f"with an acknowledged `:undo`); {crash['in_flight']} answers were killed in flight, "
        f"{crash['in_flight_committed']} of which had reached the log (either is right: they were never "
        "acknowledged). After every kill a copy of the database and its WAL passed `PRAGMA integrity_check`, "
        "every acknowledged answer was in `review_log` in order, and every card's `reps`, `last_review` and "
        "scheduling columns matched its log rows.",
        "",
        f"Lost {crash['lost']}, stray rows {crash['phantom']}, integrity failures {crash['integrity_failures']}, "
        f"cards out of step {crash['mismatches']}, failed restarts {crash['restart_failures']}, "
        f"'database is locked' {crash['locked_errors']}, tracebacks {crash['tracebacks']}, hangs {crash['hangs']}, "
        f"worker processes left behind {crash['leftover_processes']}.",
        "",
    ]
    if crash["problems"]:
        lines += ["Problems:", "", *(f"- {problem}" for problem in crash["problems"][:20]), ""]
    lines += [
        "## Hostile snippets",
        "",
        f"`{hostile['command']}` (exit status {hostile['exit_status']}, {hostile['wall_s']:.1f} s; "
        f"snippets ran {hostile['snippet_sum_s']:.1f} s in workers):",
        "",
        "| question | status | outcome | as expected |",
        "|---|---|---|---|",
        *(
            f"| {row['question']} | {row['status']} | {row['outcome']} | {'yes' if row['as_expected'] else 'NO'} |"
            for row in hostile["rows"]
        ),
        "",
        "## Malformed decks",
        "",
        f"{malformed['diagnosed']} of {malformed['files']} files of tests/decks/malformed exit with status 3 "
        "from `quizzer lint`, naming every `file:line:col` their `# expect:` headers list, without a traceback.",
        "",
    ]
    if malformed["failures"]:
        lines += [
            "Not diagnosed:",
            "",
            *(f"- {row['file']}: exit {row['exit_status']}" for row in malformed["failures"]),
            "",
        ]
    decks, faults, race = results["hostile_decks"], results["db_faults"], results["trust_race"]
    lines += [
        "## Hostile decks",
        "",
        f"{decks['diagnosed']} of {decks['files']} files of tests/decks/hostile (YAML alias bombs in `kind` and in "
        "`params`, 3,000 nested unary minus signs in `answer`, a `{n:>3000000000}` prompt, YAML nested 20,000 deep) "
        "exit with status 3 from `quizzer lint` under a 1 GiB address-space cap, naming the `file:line:col` their "
        "`# expect:` headers list, without a traceback.",
        "",
        *(f"- not refused: {row['file']}: exit {row['exit_status']}" for row in decks["failures"]),
        *([""] if decks["failures"] else []),
        "## Database faults",
        "",
        f"`{faults['command']}` ran {faults.get('rounds_deleted', 0)} rounds each of: the database file deleted "
        "under a running `review --plain`, the file replaced by a consistent copy of itself, and `export --revlog` "
        f"pointed at the database and at its WAL. {faults.get('acknowledged', 0)} answers were acknowledged before "
        f"the faults and {faults.get('acknowledged_after_fault', 0)} after them; every session stopped with one "
        f"line and exit 4 ({faults.get('one_line_exits_4', 0)} such exits, restarts included), "
        f"{faults.get('restarts_refused', 0)} restarts refused to create an empty database in place of the "
        f"deleted one, {faults.get('exports_refused', 0)} exports were refused with the database unchanged, "
        f"and {faults.get('lost', 0)} acknowledged answers were missing from the replaced file.",
        "",
        *(f"- problem: {problem}" for problem in faults["problems"][:20]),
        *([""] if faults["problems"] else []),
        "## Trust race",
        "",
        f"A writer process swapped a trusted deck file with an untrusted one as fast as it could while "
        f"{race['tries']} runs of `quizzer show` and `quizzer check` loaded it ({race['seconds']:.0f} s): "
        f"the untrusted prelude ran {race['untrusted_ran']} times; {_statuses(race['outcomes'])} "
        "(0 ran the trusted deck, 2 refused the untrusted one, 3 read the file mid-swap).",
        "",
    ]
    lines += ["## Fuzzing", ""]
    for name in ("loader", "answers"):
        item = fuzz[name]
        lines.append(
            f"- {name}: `{item['command']}`: {item['examples']:,} examples"
            + ("" if item["completed"] else " (stopped at the first failure)")
            + f", {item['uncaught']} uncaught exceptions, {item['seconds']:.0f} s"
            + (f"; {_counts(item['details'])}" if item["details"] else "")
        )
        lines += [f"  - failure: {failure}" for failure in item["failures"]]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(reliability_markdown(run()))
