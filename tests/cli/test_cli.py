"""The command line: exit codes, stdout/stderr separation, --json, paths and the search path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from quizzer import __version__
from quizzer.cli import app
from tests.conftest import REPO

VALID = REPO / "tests" / "decks" / "valid"
MALFORMED = REPO / "tests" / "decks" / "malformed"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"quizzer {__version__}"


def test_lint_clean_deck_writes_nothing_to_stdout() -> None:
    result = run("lint", str(VALID))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "linted 2 files: ok" in result.stderr


def test_lint_json_is_one_document_on_stdout() -> None:
    result = run("lint", "--json", str(VALID / "every-field.yaml"), str(MALFORMED / "unknown-kind.yaml"))
    assert result.exit_code == 3
    document = json.loads(result.stdout)
    assert document["version"] == 1 and document["ok"] is False
    [problem] = document["problems"]
    assert problem["path"].endswith("unknown-kind.yaml") and (problem["line"], problem["col"]) == (11, 15)
    assert result.stderr == ""


def test_lint_json_clean() -> None:
    document = json.loads(run("lint", "--json", str(VALID)).stdout)
    assert document["ok"] is True and {d["id"] for d in document["decks"]} == {"every-field", "typed-expect"}


def test_missing_path_and_bad_flag_are_usage_errors() -> None:
    missing = run("lint", "no/such/deck.yaml")
    assert missing.exit_code == 2 and "no such deck file or folder: no/such/deck.yaml" in missing.stderr
    assert run("lint", "--frobnicate").exit_code == 2
    assert run("locate", "nowhere").exit_code == 2


def test_lint_without_paths_uses_the_search_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bad = tmp_path / "mine"
    bad.mkdir()
    (bad / "x.yaml").write_text((MALFORMED / "unknown-kind.yaml").read_text())
    monkeypatch.setenv("QUIZZER_DECKS", str(bad))
    result = run("lint")
    assert result.exit_code == 3 and f"{bad / 'x.yaml'}:11:15:" in result.stderr


def test_user_decks_folder_is_searched(isolated_dirs: Path) -> None:
    user_decks = isolated_dirs / "data" / "quizzer" / "decks"
    assert run("locate", "decks").stdout.strip() == str(user_decks)
    user_decks.mkdir(parents=True)
    (user_decks / "bad.yaml").write_text("deck: x\n")
    result = run("lint")
    assert result.exit_code == 3 and str(user_decks / "bad.yaml") in result.stderr


def test_locate_honours_xdg_and_overrides(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("locate").stdout.strip() == str(isolated_dirs / "data" / "quizzer")
    assert run("locate", "db").stdout.strip() == str(isolated_dirs / "data" / "quizzer" / "quizzer.sqlite3")
    assert run("locate", "config").stdout.strip() == str(isolated_dirs / "config" / "quizzer" / "config.toml")
    monkeypatch.setenv("QUIZZER_DB", "postgresql://localhost/quizzer")
    assert run("locate", "db").stdout.strip() == "postgresql://localhost/quizzer"


def test_schema_is_valid_json_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    jsonschema.Draft202012Validator.check_schema(json.loads(result.stdout))


def loaded_after(module: str, heavy: tuple[str, ...]) -> list[str]:
    """Which of ``heavy`` a fresh interpreter has loaded after importing ``module``."""
    code = f"import sys, {module}; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return [name for name in out.strip().split(",") if name]


def test_cli_module_imports_neither_textual_nor_torch_nor_the_store() -> None:
    # every command starts with this import: what a command needs loads when it runs
    assert loaded_after("quizzer.cli", ("textual", "torch", "sqlalchemy", "pydantic", "ruamel.yaml", "fsrs")) == []


HEAVY = ("torch", "sqlalchemy", "pydantic", "ruamel.yaml", "fsrs", "textual_plotext", "quizzer.grading", "markdown_it")


def test_tui_app_module_paints_without_the_store_the_deck_model_the_grader_or_torch() -> None:
    # the first question is painted from a saved or guessed question while these load on a worker thread
    assert loaded_after("quizzer.tui.app", HEAVY) == []
    assert loaded_after("quizzer.tui.screens.review", HEAVY) == []


def test_the_first_question_is_guessed_without_the_store_or_the_deck_model() -> None:
    assert loaded_after("quizzer.study.first_question", HEAVY) == []


def test_installed_script_exit_code_and_no_traceback() -> None:
    script = Path(sys.executable).parent / "quizzer"
    result = subprocess.run([script, "lint", str(MALFORMED / "not-utf8.yaml")], capture_output=True, text=True)
    assert result.returncode == 3
    assert "not-utf8.yaml:3:11: file is not UTF-8" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_db_option_selects_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZZER_DB", "")  # restored after the test: --db sets it for the process
    target = tmp_path / "elsewhere.sqlite3"
    assert run("--db", str(target), "locate", "db").stdout.strip() == str(target)
    assert run("--db", "postgresql://host/quizzer", "locate", "db").stdout.strip() == "postgresql://host/quizzer"


def test_a_database_from_a_newer_quizzer_exits_4(tmp_path: Path) -> None:
    import sqlite3

    target = tmp_path / "newer.sqlite3"
    with sqlite3.connect(target) as db:
        db.execute("create table alembic_version (version_num varchar(32) primary key)")
        db.execute("insert into alembic_version values ('9999')")
    out = tmp_path / "revlog.csv"
    result = subprocess.run(
        [sys.executable, "-m", "quizzer", "--db", str(target), "export", "--revlog", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 4 and "written by a newer quizzer" in result.stderr and "Traceback" not in result.stderr


def test_a_file_that_is_not_a_database_exits_4(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("this is not SQLite\n" * 100)
    result = subprocess.run(
        [sys.executable, "-m", "quizzer", "--db", str(target), "stats"], capture_output=True, text=True
    )
    assert result.returncode == 4 and str(target) in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["check", str(VALID)],
        ["grade", "every-field/shapes/hn-shape", "1", "--deck", str(VALID)],
        ["show", "every-field/shapes/hn-shape", "--deck", str(VALID)],
        ["review", "--deck", str(VALID)],
        ["review", "--plain", "--deck", str(VALID)],
    ],
)
@pytest.mark.parametrize("device", ["gpu", "cuda:x", "mps:0", ""])
def test_a_malformed_device_is_a_usage_error_in_every_command(command: list[str], device: str) -> None:
    result = run(*command, "--device", device)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"quizzer: --device {device}: not a device; use cpu, cuda, cuda:N (N = 0, 1, ...), mps or auto"
    ]
