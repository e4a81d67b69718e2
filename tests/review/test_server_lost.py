"""A PostgreSQL server that goes away mid-session: exit 4 with one line, and nothing acknowledged is lost.

Each test starts a server of its own (the shared one must stay up for the other tests),
stops it at once (``pg_ctl -m immediate``: a crash or a lost network, to the client) and
starts it again on the same data.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizzer.cli import app
from quizzer.review.service import ReviewService
from quizzer.scheduling.settings import Settings
from tests.review.conftest import NOW, build_deck, sql
from testsupport import postgres

KEYS = [f"d/n{note}/q1" for note in range(5)]
ROOT = Path(__file__).resolve().parents[2]


def test_answers_acknowledged_before_the_server_stopped_are_all_there(own_postgres_server: postgres.Server) -> None:
    url = own_postgres_server.new_database()
    with ReviewService(url, Settings(timezone="UTC")) as service:
        service.sync([build_deck("d", {f"n{note}": ["q1"] for note in range(5)})], NOW)
    learner = subprocess.Popen(
        [sys.executable, "-m", "testsupport.learner_process", url, "7", "100000", *KEYS],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert learner.stdout is not None
    acked = [learner.stdout.readline() for _ in range(20)]  # the learner is mid-session, answering
    own_postgres_server.stop()
    rest, errors = learner.communicate(timeout=120)
    acked += rest.splitlines()
    assert learner.returncode != 0 and "OperationalError" in errors  # the answer in flight failed, loudly
    own_postgres_server.start()
    stored = {row["id"] for row in sql(url, "SELECT id FROM review_log")}
    acknowledged = {int(line.split()[2]) for line in acked if line.startswith("acked ")}
    assert len(acknowledged) >= 20 and acknowledged <= stored  # every acknowledged answer was committed
    assert len(stored - acknowledged) <= 1  # at most the one committed as the server went, never acknowledged


def test_a_command_on_an_unreachable_server_exits_4_with_one_line(
    own_postgres_server: postgres.Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = own_postgres_server.new_database()
    ReviewService(url).close()
    own_postgres_server.stop()
    secret = url.replace("quizzer@", "quizzer:hunter2@")  # a password in the URL is never printed
    monkeypatch.setenv("QUIZZER_DB", secret)
    result = CliRunner().invoke(app, ["stats"])
    assert result.exit_code == 4, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot open the database" in lines[0] and "Traceback" not in result.output
    assert "hunter2" not in result.output and "***" in lines[0]
