"""Parent side of one worker process: start it, read its hello, run one job at a time, kill it.

Torch-free. The hard deadline lives here: after sending a job the parent waits on the
connection and the process sentinel for ``timeout + HARD_KILL_GRACE_S``; past that it kills
the worker's whole process group (the snippet may be stuck in a C op that ignores the
worker's own soft timeout). A worker that dies mid-job gives a CRASHED outcome that names
the signal or exit code; its output of that job is lost with it.
"""

from __future__ import annotations

import contextlib
import os
import signal
from dataclasses import dataclass
from multiprocessing.connection import wait
from multiprocessing.context import ForkServerContext, SpawnContext
from time import monotonic
from typing import Any

from quizzer.engine import bootstrap, protocol
from quizzer.engine.errors import DeviceUnavailable, WorkerStartError
from quizzer.engine.job import Job
from quizzer.engine.limits import HARD_KILL_GRACE_S
from quizzer.outcome import Outcome, Provenance, Status

WorkerContext = ForkServerContext | SpawnContext  # how workers are started: forkserver for CPU, else spawn

_SIGNAL_HINTS = {
    signal.SIGSEGV: "segmentation fault",
    signal.SIGBUS: "bus error",
    signal.SIGFPE: "arithmetic fault",
    signal.SIGABRT: "abort, e.g. a failed C++ check",
    signal.SIGKILL: "the kernel's out-of-memory killer also sends SIGKILL",
}


@dataclass(frozen=True)
class Ready:
    """A worker's hello: the device it resolved and what outcomes will record."""

    device: str
    provenance: Provenance


@dataclass(frozen=True)
class Reply:
    """One job's outcome, and why the worker is gone or going ("" when it carries on)."""

    outcome: Outcome
    retire: str


class WorkerProcess:
    """One worker process, driven by one thread at a time."""

    def __init__(self, context: WorkerContext, config: protocol.WorkerConfig) -> None:
        self._conn, child_conn = context.Pipe(duplex=True)
        self._process = context.Process(
            target=bootstrap.main, args=(child_conn, config), name="quizzer-worker", daemon=True
        )
        self._process.start()
        child_conn.close()
        self._has_own_group = False

    def handshake(self, timeout_s: float) -> Ready:
        """Wait for the hello; raises DeviceUnavailable or WorkerStartError."""
        message = self._receive(timeout_s)
        if message is None:
            self.kill()
            raise WorkerStartError(f"the worker was not ready after {timeout_s:g} s")
        if "ready" in message:
            self._has_own_group = True
            hello = message["ready"]
            return Ready(device=hello["device"], provenance=Provenance.from_dict(hello["provenance"]))
        self.kill()
        if "unavailable" in message:
            raise DeviceUnavailable(message["unavailable"])
        if "failed" in message:
            raise WorkerStartError(f"the worker failed to start:\n{message['failed']}")
        raise WorkerStartError(f"the worker died before it was ready: {self._death()}")

    def run(self, job: Job, timeout_s: float, provenance: Provenance) -> Reply:
        """Run one job under the hard deadline; the reply's ``retire`` says whether this process is done."""
        payload = protocol.encode({"job": job.to_dict(), "timeout_s": timeout_s})
        started = monotonic()
        with contextlib.suppress(OSError):  # a dead worker: the wait below sees its sentinel
            self._conn.send_bytes(payload)
        budget = timeout_s + HARD_KILL_GRACE_S
        message = self._receive(budget)
        if message is not None and "outcome" in message:
            return Reply(Outcome.from_dict(message["outcome"]), message.get("retire", ""))
        elapsed = monotonic() - started
        if message is None:
            self.kill()
            detail = (
                f"ran past its {timeout_s:g} s time limit; the worker was killed after {budget:g} s "
                "(the soft timeout did not stop it: a long C operation, or code that catches the interruption)"
            )
            return Reply(Outcome(Status.TIMEOUT, detail=detail, provenance=provenance, elapsed_s=elapsed), "killed")
        self.kill()
        detail = f"{self._death()} while running the job"
        return Reply(Outcome(Status.CRASHED, detail=detail, provenance=provenance, elapsed_s=elapsed), "crashed")

    def signal_kill(self) -> None:
        """Send SIGKILL to the worker and everything in its process group, without waiting."""
        pid = self._process.pid
        if self._has_own_group and pid is not None:  # even a dead worker's group may hold a snippet's children
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        if self._process.exitcode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                self._process.kill()

    def kill(self) -> None:
        """Kill the worker and its process group, reap it and close the connection; idempotent."""
        self.signal_kill()
        self._process.join(timeout=5)
        self._conn.close()

    def close(self) -> None:
        """Ask the worker to exit (EOF on its connection), then make sure it has."""
        self._conn.close()
        self._process.join(timeout=1)
        self.kill()

    def _receive(self, timeout_s: float) -> dict[str, Any] | None:
        """The next message; ``{}`` when the worker died or sent garbage; None on timeout."""
        ready = wait([self._conn, self._process.sentinel], timeout=timeout_s)
        if not ready:
            return None
        if self._conn in ready:
            try:
                return protocol.decode(self._conn.recv_bytes(protocol.MAX_MESSAGE_BYTES))
            except (EOFError, OSError, ValueError):
                pass
        return {}

    def _death(self) -> str:
        """How the worker ended, from its exit code."""
        self._process.join(timeout=2)
        code = self._process.exitcode
        if code is None:
            return "the worker closed its connection"
        if code >= 0:
            return f"the worker exited with code {code}"
        try:
            name = signal.Signals(-code).name
            hint = _SIGNAL_HINTS.get(signal.Signals(-code))
        except ValueError:
            name, hint = f"signal {-code}", None
        return f"the worker was killed by {name}" + (f" ({hint})" if hint else "")
