"""The documents' examples run as written: docs/authoring.md from an empty folder, the README in the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.docs.transcript import Session, blocks, matches

AUTHORING = REPO / "docs" / "authoring.md"
README = REPO / "README.md"


@pytest.mark.slow
def test_authoring_guide_runs_as_written_from_an_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "my-decks"
    folder.mkdir()
    ran = Session(folder, "docs/authoring.md").run(AUTHORING.read_text(encoding="utf-8"))
    steps = [
        "quizzer new",
        "quizzer schema",
        "quizzer lint",
        "quizzer show",
        "quizzer check --create",
        "quizzer check --watch",
        "--format junit",
    ]
    assert all(any(command.startswith(step) or step in command for command in ran) for step in steps), ran


@pytest.mark.slow
def test_readme_examples_print_what_it_shows() -> None:
    ran = Session(REPO, "README.md").run(README.read_text(encoding="utf-8"))
    assert any(command.startswith("quizzer grade") for command in ran)
    assert any(command.startswith("quizzer show") for command in ran)


def test_every_block_with_commands_is_a_console_block() -> None:
    # a `$ ` line in a block of another language would never run, so its output could drift
    for path in (AUTHORING, README):
        for block in blocks(path.read_text(encoding="utf-8")):
            if block.lang != "console":
                assert not any(line.startswith("$ ") for line in block.text.splitlines()), (path, block.line)


def test_a_transcript_that_differs_from_the_output_fails(tmp_path: Path) -> None:
    document = "```console\n$ echo one; echo two\none\nthree\n```\n"
    with pytest.raises(AssertionError, match="printed\none\ntwo\n--- but the document shows ---\none\nthree"):
        Session(tmp_path, "doc.md").run(document)
    with pytest.raises(AssertionError, match="exited 3, not 0"):
        Session(tmp_path, "doc.md").run("```console\n$ exit 3\n```\n")


def test_shown_output_may_elide_lines_and_line_ends_and_what_varies() -> None:
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"]) and matches(["a", "...", "b"], ["a", "b"])
    assert matches(["start ..."], ["start and the rest"]) and not matches(["start ..."], ["other"])
    assert matches(
        ["torch 2.13.0+cpu on cpu, Python 3.11.7, 2 worker(s)"], ["torch 2.9.1 on cpu, Python 3.12.4, 4 worker(s)"]
    )
    assert not matches(["a", "b"], ["a"]) and not matches(["a"], ["a", "b"])


def test_no_document_or_docstring_points_outside_the_repository() -> None:
    # the design brief the project started from lives outside the repository: docs/design.md replaced it
    outside = ("DESIGN" + ".md", "../" + "shared")
    files = [README, *sorted((REPO / "docs").rglob("*.md")), *sorted((REPO / "quizzer").rglob("*.py"))]
    found = [f"{path.relative_to(REPO)}: {word}" for path in files for word in outside if word in path.read_text()]
    assert found == []
