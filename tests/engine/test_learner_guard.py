"""A learner's code answer may read but not change files, start processes, signal or connect; deck code may."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzer.engine import LEARNER_SECTION, WorkerPool
from quizzer.outcome import Status
from tests.engine.helpers import run


@pytest.mark.parametrize(
    ("answer", "what"),
    [
        ("open({path!r}, 'wb').write(b'x')", "write files"),
        ("open({path!r}, 'a')", "write files"),
        ("os.open({path!r}, os.O_WRONLY)", "write files"),
        ("os.remove({path!r})", "os.remove"),
        ("os.rename({path!r}, {path!r} + '.moved')", "os.rename"),
        ("os.kill(os.getppid(), 9)", "os.kill"),
        ("__import__('subprocess').run(['true'])", "subprocess.Popen"),
        ("os.system('true')", "os.system"),
        ("__import__('socket').create_connection(('127.0.0.1', 9))", "socket.connect"),
    ],
)
def test_learner_code_cannot_change_files_or_processes(
    pool: WorkerPool, tmp_path: Path, answer: str, what: str
) -> None:
    target = tmp_path / "quizzer.sqlite3"
    target.write_bytes(b"the learner's reviews")
    outcome = run(pool, answer.format(path=str(target)), answer_section=LEARNER_SECTION)
    assert outcome.status is Status.EXCEPTION and outcome.exception is not None
    assert outcome.exception.name == "PermissionError" and what in outcome.exception.message
    assert target.read_bytes() == b"the learner's reviews"
    assert run(pool, "1 + 1").status is Status.VALUE  # the worker carries on, unguarded for deck code


def test_learner_code_may_read_and_deck_code_may_write(pool: WorkerPool, tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("read me")
    read = run(pool, f"open({str(target)!r}).read()", answer_section=LEARNER_SECTION)
    assert read.status is Status.VALUE and read.value is not None and "read me" in read.value.repr
    written = run(pool, f"open({str(target)!r}, 'w').write('deck')", setup="")
    assert written.status is Status.VALUE and target.read_text() == "deck"
