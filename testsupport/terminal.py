"""A child process on a pseudo-terminal whose screen output can be waited for (the TUI as a learner meets it).

Used by the TUI benchmark and by the TUI's start-up tests. Waiting reads the terminal's
output as it comes (``select`` on the pty), so a caller waits for text to appear, never
for a fixed time.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time

ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]")


class Terminal:
    """A child process on a pseudo-terminal whose screen output can be waited for."""

    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int] = (80, 30)) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.seen = b""

    def wait_for(self, text: bytes, timeout: float = 60.0) -> float:
        """Read output until ``text`` shows (escape codes removed); the perf_counter time it showed."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:
                    break
                if text in ANSI.sub(b"", self.seen):
                    return time.perf_counter()
        raise TimeoutError(f"{text!r} did not show within {timeout} s")

    def type(self, keys: bytes) -> float:
        """Send keys; the time they were sent. The output seen so far is forgotten."""
        self.seen = b""
        os.write(self.master, keys)
        return time.perf_counter()

    def close(self) -> None:
        """Quit with ctrl+q, then wait until the process and its torch workers are gone.

        A worker still exiting would take a core from the next start being measured.
        """
        try:
            os.write(self.master, b"\x11")
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
        os.close(self.master)
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.02)
        os.killpg(self.process.pid, signal.SIGKILL)
