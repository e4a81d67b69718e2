"""`quizzer stats`: text by default, one JSON document with --json."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from quizzer.cli import app


def test_stats_on_a_new_store() -> None:
    result = CliRunner().invoke(app, ["stats"])
    assert result.exit_code == 0, result.stderr
    assert "reviews: 0 in all" in result.stdout and "next due: nothing scheduled" in result.stdout


def test_stats_json_is_one_document() -> None:
    result = CliRunner().invoke(app, ["stats", "--json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["version"] == 1 and document["total_reviews"] == 0 and len(document["forecast"]) == 30
