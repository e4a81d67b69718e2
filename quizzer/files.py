"""Writing files whole: every file quizzer writes goes through here.

The data go to a temporary file in the target's folder, are flushed to disk, and the
temporary file then replaces the target in one rename, so a crash or a kill at any
moment leaves the old file or the new one, never an empty or half-written one.
Standard library only: light enough for the TUI's first paint.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO


def write_whole(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Replace ``path`` with ``data`` (temporary file, fsync, rename); raises OSError and leaves ``path`` as it was.

    With ``exclusive`` the file must not exist yet: FileExistsError if it does (or appears meanwhile).
    """
    write_whole_with(path, lambda out: out.write(data), exclusive=exclusive)


def write_whole_with(path: Path, write: Callable[[BinaryIO], object], *, exclusive: bool = False) -> None:
    """``write_whole`` for data produced by ``write(file)`` (a CSV streamed from a query, say)."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        _keep_mode(path, temporary)
        if exclusive:
            os.link(temporary, path)  # unlike os.replace, never replaces a file created meanwhile
        else:
            os.replace(temporary, path)
        _sync_folder(folder)
    finally:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)


def _keep_mode(path: Path, temporary: Path) -> None:
    """Give the new file the old one's permission bits (mkstemp makes it 0600), or the usual 0644 minus umask."""
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)


def _sync_folder(folder: Path) -> None:
    """Flush the rename itself to disk (best effort: not every system can open a folder)."""
    with suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
