"""`check --fix` writes decks whole and as they were written (issue 13, item 4).

Real `quizzer check --fix` processes: one killed with SIGKILL as soon as its temporary
file appears, one whose write fails half-way (RLIMIT_FSIZE below the new deck's size:
Python ignores SIGXFSZ, so the write raises EFBIG); the deck is the old one or the new
one, never empty or cut, and a failed write is one line, not a traceback. CRLF line endings
(inserted lines too) and a UTF-8 byte order mark survive.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import REPO

FIX_BEFORE = REPO / "tests" / "checking" / "fix-before.yaml"
QUIZZER = Path(sys.executable).parent / "quizzer"
PADDING = "".join(f"# padding line {n}: a large deck takes a while to write\n" for n in range(5_000))

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE and SIGKILL as on Linux")


def env_for(tmp_path: Path) -> dict[str, str]:
    blocked = tmp_path / "no-cache"
    blocked.write_text("")  # the deck cache cannot be written (under a file): only the deck is
    return {key: value for key, value in os.environ.items() if key != "CI"} | {"QUIZZER_CACHE_DIR": str(blocked / "c")}


def fix(deck: Path, tmp_path: Path, **popen: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [QUIZZER, "check", str(deck), "--trust", "--fix", "--create"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env_for(tmp_path),
        **popen,  # type: ignore[call-overload]
    )


def whole_deck(deck: Path, original: bytes) -> bool:
    data = deck.read_bytes()
    if data == original:
        return True
    root = YAML(typ="safe").load(data)  # the fixed deck: complete, padding included
    return data.endswith(PADDING.encode()) and root["notes"][0]["questions"][0]["expect"] == "(2, 3)"


def test_a_write_that_fails_half_way_leaves_the_deck_as_it_was(tmp_path: Path) -> None:
    deck = tmp_path / "big.yaml"
    deck.write_text(FIX_BEFORE.read_text() + PADDING)
    original = deck.read_bytes()
    limit = len(original) - 1  # the new deck (one line longer) cannot be written whole

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    process = fix(deck, tmp_path, preexec_fn=small_files)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 1 and "Traceback" not in stderr, stderr
    assert f"{deck}: cannot write (File too large); left unchanged" in stderr
    assert deck.read_bytes() == original
    assert not [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")]


def test_a_deck_sigkilled_while_its_temporary_file_exists_is_whole(tmp_path: Path) -> None:
    deck = tmp_path / "big.yaml"
    deck.write_text(FIX_BEFORE.read_text() + PADDING)
    original = deck.read_bytes()
    process = fix(deck, tmp_path)
    appeared = threading.Event()
    while process.poll() is None:  # wait on the condition: the temporary file of the deck appears
        if any(name.startswith(".big.yaml.") for name in os.listdir(tmp_path)):
            process.send_signal(signal.SIGKILL)
            break
        appeared.wait(0.001)  # poll without taking a core from the process being watched
    process.communicate(timeout=300)
    assert whole_deck(deck, original)


def test_crlf_and_a_byte_order_mark_survive_the_fix(tmp_path: Path) -> None:
    deck = tmp_path / "crlf.yaml"
    text = FIX_BEFORE.read_text().replace("\n", "\r\n")
    deck.write_bytes(b"\xef\xbb\xbf" + text.encode())
    process = fix(deck, tmp_path)
    process.communicate(timeout=300)
    data = deck.read_bytes()
    assert data != b"\xef\xbb\xbf" + text.encode()  # it was fixed
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n") == text.count("\r\n") + 1  # the inserted expect line too
