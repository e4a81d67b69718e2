"""While a learner's code answer runs, refuse what no answer needs: changing files, processes, signals, sockets.

One audit hook (PEP 578) per worker, armed only around the evaluation of learner code (a
job whose ``answer_section`` is ``"code"``), never around a deck's own snippets. An armed
hook turns writing, creating, deleting or renaming a file, starting a process, sending a
signal and opening a network connection into a ``PermissionError`` the verdict reports.
Reading stays allowed (torch reads files as it loads). This stops accidents and casual
mischief, such as a typed answer that truncates the review database; it is not a security
boundary (code that reaches C through ``ctypes`` can get past it), which docs/execution.md says.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_REFUSED = frozenset(
    {
        "os.remove",
        "os.rename",
        "os.rmdir",
        "os.mkdir",
        "os.truncate",
        "os.chmod",
        "os.chown",
        "os.link",
        "os.symlink",
        "os.utime",
        "shutil.rmtree",
        "shutil.move",
        "shutil.copyfile",
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.fork",
        "os.forkpty",
        "os.kill",
        "os.killpg",
        "signal.pthread_kill",
        "socket.connect",
        "socket.bind",
        "socket.sendto",
        "socket.sendmsg",
    }
)
_armed = False
_installed = False


def install() -> None:
    """Add the hook to this process (once; audit hooks cannot be removed). It does nothing until armed."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True


@contextmanager
def armed(active: bool) -> Iterator[None]:
    """Refuse the events above inside the block when ``active`` (learner code); otherwise change nothing."""
    global _armed
    _armed = active
    try:
        yield
    finally:
        _armed = False


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _armed:
        return
    if event == "open":
        mode, flags = (*args[1:3], None, None)[:2]
        writes = (isinstance(mode, str) and any(ch in mode for ch in "wax+")) or (
            isinstance(flags, int) and flags & _WRITE_FLAGS
        )
        if writes:
            raise PermissionError(f"a code answer may not write files (it opened {args[0]!r} to write)")
    elif event in _REFUSED:
        raise PermissionError(f"a code answer may not do this ({event})")
