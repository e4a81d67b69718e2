"""Trust pins what runs (issue 13, item 1): a deck swapped while `show`/`check` read it never runs untrusted code.

The race itself (a real writer process swapping the file while real `quizzer show` and
`quizzer check` processes load it) is ``testsupport.trust_race``. The code before the
fix read the file twice and ran the untrusted prelude in about one run in four, so
``TRIES`` runs would have caught it (0.75 ** 16 is about 1 %).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from quizzer.decks import search, trust
from testsupport import trust_race
from testsupport.trust_race import DECK

TRIES = 16

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="os.replace over an open file")


def test_a_deck_swapped_during_show_and_check_never_runs_untrusted_code(tmp_path: Path) -> None:
    figures = trust_race.run(TRIES, workdir=tmp_path)
    assert figures["untrusted_ran"] == 0, figures
    assert figures["tracebacks"] == 0, figures
    assert set(figures["outcomes"]) <= {0, 2, 3}, figures  # ran the trusted deck, refused the other, read mid-swap
    assert sum(figures["outcomes"].values()) == TRIES


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
