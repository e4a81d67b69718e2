"""The `quizzer` command line. Importing it loads neither Textual nor torch."""

from __future__ import annotations

from quizzer.cli import deck_cmds, locate_cmd, pending_cmds, review_cmd  # noqa: F401  (registers commands)
from quizzer.cli.app import app


def main() -> None:
    """Entry point of the `quizzer` script."""
    app()
