"""Opening a deck in the learner's editor at a question's line (``$VISUAL``, ``$EDITOR``, else vi)."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path


def editor_command(path: Path, line: int, environ: Mapping[str, str] = os.environ) -> list[str]:
    """``$EDITOR +LINE path``, the form vi, vim, nano, emacs, micro and kakoune all accept."""
    editor = environ.get("VISUAL") or environ.get("EDITOR") or "vi"
    return [*shlex.split(editor), f"+{max(1, line)}", str(path)]


def open_in_editor(path: Path, line: int) -> int:
    """Run the editor in the foreground and return its exit status (127 when it cannot be started)."""
    try:
        return subprocess.run(editor_command(path, line), check=False).returncode
    except OSError:
        return 127
