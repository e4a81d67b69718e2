"""Worker process: import torch once, then answer jobs from the parent until it hangs up.

Only worker processes import this module (and torch with it): the forkserver preloads it,
spawned workers import it through ``bootstrap``. Start-up, in order: a new session (so the
parent can kill the worker together with any child a snippet starts), torch's thread count,
device resolution, output capture (fds 0/1/2), the isolation baseline, ``gc.freeze()``, the
RLIMIT_DATA memory cap (start-up memory plus the pool's ``memory_limit``), then the
``ready`` message. Each job then runs through
``execute.JobRunner``; a worker whose state a job spoiled answers and exits (``retire``).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import platform
import signal
import traceback
from multiprocessing.connection import Connection
from typing import Any, NoReturn

import torch

from quizzer.engine import protocol
from quizzer.engine.errors import DeviceUnavailable
from quizzer.engine.job import Job
from quizzer.engine.limits import OUTPUT_HARD_CAP_BYTES, OUTPUT_KEEP_BYTES
from quizzer.engine.worker import devices, guard, memory
from quizzer.engine.worker.capture import OutputCapture
from quizzer.engine.worker.execute import JobRunner
from quizzer.engine.worker.interrupts import Interrupts
from quizzer.engine.worker.isolation import ProcessState
from quizzer.outcome import Outcome, Provenance, Status


def serve(conn: Connection, config: protocol.WorkerConfig) -> NoReturn:
    """Set the process up, report ``ready`` (or why not), then run jobs until EOF."""
    try:
        runner = _start(conn, config)
    except DeviceUnavailable as exc:
        _send(conn, {"unavailable": str(exc)})
        os._exit(0)
    except BaseException:
        _send(conn, {"failed": traceback.format_exc()})
        os._exit(1)
    if runner is None:  # a probe: it only had to resolve the device
        os._exit(0)
    while True:
        try:
            message = protocol.decode(conn.recv_bytes())
        except (EOFError, OSError):
            os._exit(0)
        outcome, retire = runner.run(Job.from_dict(message["job"]), float(message["timeout_s"]))
        try:
            reply = protocol.encode({"outcome": outcome.to_dict(), "retire": retire})
        except (TypeError, ValueError) as exc:  # a value the summary let through but JSON refuses
            broken = Outcome(Status.CRASHED, detail=f"the outcome could not be encoded: {exc}", output=outcome.output)
            reply = protocol.encode({"outcome": broken.to_dict(), "retire": retire})
        try:
            conn.send_bytes(reply)
        except OSError:
            os._exit(0)
        if retire:
            _exit_with_group()


def _start(conn: Connection, config: protocol.WorkerConfig) -> JobRunner | None:
    """Everything before the first job; returns None for a probe."""
    os.setsid()
    multiprocessing.current_process().daemon = False  # the parent's flag; snippets may start processes
    torch.set_num_threads(config.num_threads)
    device = devices.resolve(config.device)
    python = platform.python_version()
    if config.probe_only:
        provenance = Provenance(torch=torch.__version__, device=device, python=python)
        _send(conn, {"ready": {"device": device, "provenance": provenance.to_dict()}})
        return None
    devices.activate(device)
    provenance = Provenance(torch=torch.__version__, device=devices.describe(device), python=python)
    interrupts = Interrupts()
    capture = OutputCapture(OUTPUT_KEEP_BYTES, OUTPUT_HARD_CAP_BYTES, interrupts.stop_for_flood)
    state = ProcessState(device, config.num_threads)
    gc.freeze()  # start-up objects (torch's) are never collected: later collections stay cheap
    guard.install()  # armed only while a learner's code answer runs
    if config.memory_limit is not None:
        memory.cap_worker(config.memory_limit)  # see cap_worker: the baseline is torch's start-up memory
    _send(conn, {"ready": {"device": device, "provenance": provenance.to_dict()}})
    return JobRunner(device, provenance, capture, interrupts, state)


def _send(conn: Connection, message: dict[str, Any]) -> None:
    try:
        conn.send_bytes(protocol.encode(message))
    except OSError:  # the parent is gone
        os._exit(0)


def _exit_with_group() -> NoReturn:
    """Exit, taking down any process a snippet started (they share the worker's process group)."""
    os.killpg(os.getpgrp(), signal.SIGKILL)
    os._exit(0)  # not reached: SIGKILL above includes this process
