"""A deck swapped under `quizzer show` and `quizzer check` while they load it: untrusted code must never run.

A real writer process swaps the deck file between a trusted version and an untrusted one
whose prelude would leave a marker file, as fast as it can, while real `quizzer show`
and `quizzer check` processes (alternately) load it. Trust decided on the very bytes
that are parsed means every run either ran the trusted version or was refused; the
marker never appears. Before that fix (the file was read once to parse and again to
hash) about one run in four ran the untrusted prelude.

``run(tries)`` returns the figures; used by tests/reliability/test_trust_race.py and
bench/bench_reliability.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from pathlib import Path
from typing import Any

QUIZZER = [sys.executable, "-m", "quizzer"]
DECK = """\
deck: swap
title: Swapped
prelude: {prelude}
notes:
  - id: n
    title: N
    text: t
    questions:
      - id: q
        ask: What is 1 + 1?
        kind: value
        answer: 1 + 1
        expect: "2"
"""
WRITER = textwrap.dedent(
    """
    import os, sys
    target, first, second, stop = sys.argv[1:]
    datas = [open(first, "rb").read(), open(second, "rb").read()]
    temporary = target + ".swap"
    n = 0
    while not os.path.exists(stop):
        with open(temporary, "wb") as out:
            out.write(datas[n % 2])
        os.replace(temporary, target)
        n += 1
    """
)


def run(tries: int = 16, *, workdir: Path | None = None) -> dict[str, Any]:
    """``tries`` runs (show and check in turn) against a deck swapped all along; the figures.

    ``untrusted_ran`` (the marker appeared) must be 0; ``outcomes`` counts exit statuses:
    0 ran the trusted deck, 2 refused the untrusted one, 3 read the file mid-swap.
    """
    owned = workdir is None
    folder = Path(tempfile.mkdtemp(prefix="quizzer-trust-race-")) if workdir is None else workdir
    try:
        return _race(tries, folder)
    finally:
        if owned:
            shutil.rmtree(folder, ignore_errors=True)


def _race(tries: int, folder: Path) -> dict[str, Any]:
    marker = folder / "untrusted-code-ran"
    good, evil, deck, stop = (folder / name for name in ("good.yaml", "evil.yaml", "deck.yaml", "stop"))
    good.write_text(DECK.format(prelude="x = 1"))
    evil.write_text(DECK.format(prelude=f"open({str(marker)!r}, 'w').close()"))
    deck.write_bytes(good.read_bytes())
    env = {key: value for key, value in os.environ.items() if not key.startswith("QUIZZER_") and key != "CI"}
    env |= {"QUIZZER_DATA_DIR": str(folder / "data"), "QUIZZER_CACHE_DIR": str(folder / "cache")}
    subprocess.run([*QUIZZER, "trust", str(deck)], env=env, capture_output=True, check=True)
    started = time.monotonic()
    outcomes: Counter[int] = Counter()
    untrusted_ran = tracebacks = 0
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(deck), str(good), str(evil), str(stop)])
    try:
        for attempt in range(tries):
            args = ["show", "swap/n/q", "--deck", str(deck)] if attempt % 2 else ["check", str(deck)]
            done = subprocess.run([*QUIZZER, *args], env=env, capture_output=True, text=True, timeout=300)
            outcomes[done.returncode] += 1
            tracebacks += "Traceback" in done.stderr
            if marker.exists():
                untrusted_ran += 1
                marker.unlink()
    finally:
        stop.touch()
        writer.wait(30)
    return {
        "tries": tries,
        "untrusted_ran": untrusted_ran,
        "tracebacks": tracebacks,
        "outcomes": dict(outcomes),
        "seconds": time.monotonic() - started,
        "command": f"python -c 'from testsupport import trust_race; print(trust_race.run({tries}))'",
    }
