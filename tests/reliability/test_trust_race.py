"""Trust pins what runs (issue 13, item 1): a deck swapped while `show`/`check` read it never runs untrusted code.

A real writer process swaps the deck file between a trusted version and an untrusted one
whose prelude would leave a marker file, as fast as it can, while real `quizzer show` and
`quizzer check` processes load it. Reading the file once (parse and hash the same bytes)
means every run either ran the trusted version or was refused; the marker never appears.
The code before the fix read the file twice and ran the untrusted prelude in about one
run in four, so the tries below would have caught it (0.75 ** TRIES is about 1 %).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from quizzer.decks import search, trust

TRIES = 16
QUIZZER = Path(sys.executable).parent / "quizzer"
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

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="os.replace over an open file")


def test_a_deck_swapped_during_show_and_check_never_runs_untrusted_code(tmp_path: Path) -> None:
    marker = tmp_path / "untrusted-code-ran"
    good, evil, deck, stop = (tmp_path / name for name in ("good.yaml", "evil.yaml", "deck.yaml", "stop"))
    good.write_text(DECK.format(prelude="x = 1"))
    evil.write_text(DECK.format(prelude=f"open({str(marker)!r}, 'w').close()"))
    deck.write_bytes(good.read_bytes())
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    assert subprocess.run([QUIZZER, "trust", str(deck)], env=env, capture_output=True).returncode == 0
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(deck), str(good), str(evil), str(stop)])
    outcomes = []
    try:
        for attempt in range(TRIES):
            args = ["show", "swap/n/q", "--deck", str(deck)] if attempt % 2 else ["check", str(deck)]
            done = subprocess.run([QUIZZER, *args], env=env, capture_output=True, text=True, timeout=300)
            assert "Traceback" not in done.stderr, done.stderr
            outcomes.append(done.returncode)
            assert not marker.exists(), f"try {attempt}: the untrusted prelude ran ({done.returncode})"
    finally:
        stop.touch()
        writer.wait(30)
    assert set(outcomes) <= {0, 2, 3}, outcomes  # ran the trusted deck, refused the other, or read it mid-swap


def test_trust_is_decided_on_the_digest_of_the_bytes_parsed(tmp_path: Path) -> None:
    from quizzer.decks.loader import load_deck

    deck = tmp_path / "deck.yaml"
    deck.write_text(DECK.format(prelude="x = 1"))
    trust.allow(deck)
    loaded = load_deck(deck)
    deck.write_text(DECK.format(prelude="x = 2"))  # changed after it was parsed
    assert trust.deck_is_trusted(loaded)  # what was parsed is what was trusted
    assert not trust.is_trusted(deck)  # the file as it is now is not
    assert not trust.is_trusted(deck, "0" * 64)


def _fake_install(root: Path, *, pyproject: str | None) -> Path:
    package = root / "quizzer"
    package.mkdir(parents=True)
    (root / "decks").mkdir()
    if pyproject is not None:
        (root / "pyproject.toml").write_text(pyproject)
    return package


def test_a_decks_folder_beside_an_installed_package_is_not_bundled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _fake_install(tmp_path / "site-packages", pyproject=None)
    checkout = _fake_install(tmp_path / "checkout", pyproject=f"[x]\n{search.CHECKOUT_MARK}\n")
    wheel = _fake_install(tmp_path / "wheel", pyproject=None)
    (wheel / "bundled_decks").mkdir()
    found = {}
    for name, package in (("site", site), ("checkout", checkout), ("wheel", wheel)):
        monkeypatch.setattr(search.resources, "files", lambda _name, package=package: package)
        search.bundled_decks_dir.cache_clear()
        found[name] = search.bundled_decks_dir()
    search.bundled_decks_dir.cache_clear()
    assert found == {"site": None, "checkout": checkout.parent / "decks", "wheel": wheel / "bundled_decks"}
