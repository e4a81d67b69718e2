"""Worker-only: the soft timeout and the output-flood stop, as exceptions raised in the snippet.

Both are ``BaseException`` subclasses, so a snippet's ``except Exception`` does not swallow
them. Python runs signal handlers between bytecodes only: a long C operation (a big torch
op) is not interrupted, which is why the parent also keeps a hard deadline and kills the
worker when it passes.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType


class SoftTimeout(BaseException):
    """The job ran past its time limit (raised from SIGALRM)."""


class OutputTooLarge(BaseException):
    """The job wrote more output than the hard cap (raised from SIGUSR1)."""


class Interrupts:
    """Arms ``setitimer`` for a job and turns SIGALRM/SIGUSR1 into the exceptions above."""

    def __init__(self) -> None:
        self._armed = False
        self._flood_raised = False
        self._main_thread_id = threading.main_thread().ident or 0

    def install(self) -> None:
        """(Re)install the handlers; a snippet may have replaced them."""
        signal.signal(signal.SIGALRM, self._on_alarm)
        signal.signal(signal.SIGUSR1, self._on_flood)

    def arm(self, timeout_s: float) -> None:
        """Start the job's soft deadline."""
        self._armed = True
        self._flood_raised = False
        signal.setitimer(signal.ITIMER_REAL, timeout_s)

    def disarm(self) -> None:
        """Stop the soft deadline; late signals are ignored."""
        self._armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)

    def stop_for_flood(self) -> None:
        """Ask the main thread to stop the job (called from the output reader thread)."""
        signal.pthread_kill(self._main_thread_id, signal.SIGUSR1)

    def _on_alarm(self, signum: int, frame: FrameType | None) -> None:
        if self._armed:
            self._armed = False
            raise SoftTimeout

    def _on_flood(self, signum: int, frame: FrameType | None) -> None:
        if self._armed and not self._flood_raised:
            self._flood_raised = True
            raise OutputTooLarge
