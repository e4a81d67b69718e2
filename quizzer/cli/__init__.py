"""The `quizzer` command line. Importing it loads neither Textual nor torch."""

from __future__ import annotations

from quizzer.cli import (  # noqa: F401  (importing a command module registers its commands)
    check_cmd,
    deck_cmds,
    export_cmd,
    grade_cmd,
    locate_cmd,
    review_cmd,
    stats_cmd,
    trust_cmd,
)
from quizzer.cli.app import app


def main() -> None:
    """Entry point of the `quizzer` script."""
    app()
