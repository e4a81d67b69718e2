"""The `quizzer` command line. Importing it loads neither Textual nor torch.

Command modules import what a command needs inside it, since this import is every command's start-up time.
"""

from __future__ import annotations

from quizzer.cli import (  # noqa: F401  (importing a command module registers its commands, in `--help` order)
    check_cmd,
    class_cmd,
    deck_cmds,
    export_cmd,
    grade_cmd,
    locate_cmd,
    new_cmd,
    optimize_cmd,
    review_cmd,
    stats_cmd,
    trust_cmd,
)
from quizzer.cli.app import app
from quizzer.startup import pause_collector


def main() -> None:
    """Entry point of the `quizzer` script (the collector resumes once start-up is over: quizzer.startup)."""
    pause_collector()
    app()
