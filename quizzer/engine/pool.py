"""WorkerPool: long-lived torch worker processes that turn Jobs into Outcomes.

Processes. CPU workers are forked from a multiprocessing **forkserver** whose preload is
``quizzer.engine.worker.main`` (so torch and numpy) and the caller's ``__main__``: torch is
imported once, in the server, and a new or replacement worker is ready in about 15 ms
instead of the ~1.2 s of a fresh interpreter. CUDA and MPS workers are **spawned** and kept
for the pool's life (a forked child must not inherit a CUDA context, macOS forbids fork).
``auto`` is first resolved by a short-lived probe worker (forked on Linux, so a CPU-only
machine pays milliseconds, spawned elsewhere) to ``cuda:0``, ``mps`` or ``cpu``. Workers
resolve explicit requests themselves, and one that is unavailable raises DeviceUnavailable
from ``wait_ready``/``run``. This process never imports torch and never touches
``torch.cuda``; the multiprocessing context is always explicit.

Threads. Each worker runs ``torch.set_num_threads(max(1, cpus // size))``, where ``cpus``
is the number of cores this process may use: a pool never runs more compute threads than
there are cores (2 cores: 1 worker gets 2 threads, 2 workers get 1 each).

Timeouts. A job's soft timeout (``Job.timeout_s``, else ``default_timeout_s``) fires inside
the worker and stops Python code; the parent's hard deadline, ``HARD_KILL_GRACE_S`` later,
kills the worker's process group for C operations that ignore signals.

Memory. With ``memory_limit`` a worker sets RLIMIT_DATA (never RLIMIT_AS, which breaks
``import torch`` and CUDA) to its start-up data size plus the limit; an allocation past it
raises inside the snippet and the outcome is OUT_OF_MEMORY (so is ``torch.OutOfMemoryError``
on a GPU). The start-up size is measured, not assumed: about 0.25 GiB with torch's CPU build,
1.2 GiB with a CUDA build.

Faults. A worker that crashes, misses the hard deadline, or retires after a job that
spoiled its state (see ``isolation``) is replaced at once, in the background; the job's
outcome says what happened and the pool carries on. ``run`` is thread-safe; ``run_many``
spreads jobs over the workers with one parent thread per worker.

As in any multiprocessing program, the main module must be importable (not ``python -``)
and must not start a pool at import time (use ``if __name__ == "__main__":``).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import resource_tracker
from multiprocessing.context import ForkServerContext
from time import monotonic
from types import TracebackType

from quizzer.device_request import DeviceRequest
from quizzer.engine.errors import PoolClosed
from quizzer.engine.job import Job
from quizzer.engine.limits import DEFAULT_TIMEOUT_S, START_TIMEOUT_S
from quizzer.engine.protocol import WorkerConfig
from quizzer.engine.worker_process import Ready, WorkerContext, WorkerProcess
from quizzer.outcome import Outcome, Provenance

_FORKSERVER_PRELOAD = ["__main__", "quizzer.engine.worker.main"]


class WorkerPool:
    """A fixed number of warm workers on one device; see the module docstring."""

    def __init__(
        self,
        size: int = 1,
        device: str | DeviceRequest = "cpu",
        memory_limit: int | None = None,
        default_timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        """Configure the pool; ``start`` (or the first job) starts it.

        ``device``: a ``DeviceRequest`` or its text (cpu, cuda, cuda:N, mps or auto; ValueError
        otherwise). ``memory_limit``: bytes of data memory a
        job may use on top of what its worker holds once torch is loaded (the worker's
        RLIMIT_DATA is set to that start-up usage plus this); None for no cap.
        """
        if size < 1:
            raise ValueError(f"size must be at least 1, got {size}")
        request = device if isinstance(device, DeviceRequest) else DeviceRequest.parse(device)
        if memory_limit is not None and memory_limit <= 0:
            raise ValueError(f"memory_limit must be positive, got {memory_limit}")
        if not default_timeout_s > 0:
            raise ValueError(f"default_timeout_s must be positive, got {default_timeout_s}")
        self._size = size
        self._request = str(request)
        self._memory_limit = memory_limit
        self._default_timeout_s = default_timeout_s
        self._num_threads = max(1, _usable_cpus() // size)
        self._cond = threading.Condition()
        self._slots: list[_Slot] = []
        self._free: list[_Slot] = []
        self._closed = False
        self._starter: threading.Thread | None = None
        self._started = threading.Event()
        self._start_error: BaseException | None = None

    @property
    def size(self) -> int:
        """Number of workers."""
        return self._size

    @property
    def num_threads(self) -> int:
        """torch intra-op threads per worker."""
        return self._num_threads

    @property
    def device(self) -> str:
        """The resolved device jobs see as ``device``, e.g. ``"cpu"`` or ``"cuda:0"`` (waits for start-up)."""
        self._wait_started(START_TIMEOUT_S)
        return self._slots[0].wait(START_TIMEOUT_S).device

    @property
    def info(self) -> Provenance:
        """Torch version, device description and Python version of the workers (waits until ready)."""
        return self.wait_ready()

    def start(self) -> WorkerPool:
        """Begin starting the workers in the background and return at once; idempotent.

        Call it before a UI replaces ``sys.stderr``: multiprocessing's resource tracker,
        started here on the caller's thread, inherits the real stderr's file descriptor
        (under Textual's print capture, which has none, starting it would fail).
        """
        with self._cond:
            if self._closed:
                raise PoolClosed("the worker pool is closed")
            if self._starter is None:
                resource_tracker.ensure_running()
                self._starter = threading.Thread(target=self._start_workers, name="quizzer-pool-start", daemon=True)
                self._starter.start()
        return self

    def wait_ready(self, timeout: float = START_TIMEOUT_S) -> Provenance:
        """Start if needed and block until every worker is ready; return their provenance.

        Raises DeviceUnavailable, WorkerStartError, or TimeoutError.
        """
        deadline = monotonic() + timeout
        self.start()
        self._wait_started(timeout)
        hellos = [slot.wait(max(0.0, deadline - monotonic())) for slot in self._slots]
        return hellos[0].provenance

    def run(self, job: Job) -> Outcome:
        """Run one job on a free worker and return its outcome (thread-safe)."""
        slot = self._acquire()
        try:
            return slot.run(job, job.timeout_s or self._default_timeout_s)
        finally:
            with self._cond:
                self._free.append(slot)
                self._cond.notify()

    def run_many(self, jobs: Iterable[Job]) -> list[Outcome]:
        """Run jobs spread over all workers; outcomes come back in input order."""
        jobs = list(jobs)
        if self._size == 1 or len(jobs) <= 1:
            return [self.run(job) for job in jobs]
        with ThreadPoolExecutor(max_workers=min(self._size, len(jobs)), thread_name_prefix="quizzer-run") as executor:
            return list(executor.map(self.run, jobs))

    def close(self) -> None:
        """Stop every worker; jobs still running end as CRASHED. Idempotent."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            slots = list(self._slots)
            self._cond.notify_all()
        for slot in slots:
            slot.close()

    def __enter__(self) -> WorkerPool:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _start_workers(self) -> None:
        """Starter thread: resolve ``auto`` (probe), then launch every slot."""
        try:
            device = _probe(self._request) if self._request == "auto" else self._request
            config = WorkerConfig(device=device, num_threads=self._num_threads, memory_limit=self._memory_limit)
            context = _context_for(device)
            with self._cond:
                if not self._closed:
                    self._slots = [_Slot(context, config) for _ in range(self._size)]
                    self._free = list(self._slots)
        except BaseException as exc:
            self._start_error = exc
        finally:
            self._started.set()

    def _wait_started(self, timeout: float) -> None:
        self.start()
        if not self._started.wait(timeout):
            raise TimeoutError(f"the worker pool did not start within {timeout:g} s")
        if self._start_error is not None:
            raise self._start_error
        if self._closed:
            raise PoolClosed("the worker pool is closed")

    def _acquire(self) -> _Slot:
        self._wait_started(START_TIMEOUT_S)
        with self._cond:
            while not self._free and not self._closed:
                self._cond.wait()
            if self._closed:
                raise PoolClosed("the worker pool is closed")
            return self._free.pop()  # most recently used first: sequential jobs share a warm worker


class _Slot:
    """One seat of the pool: its current worker process, replaced in the background when lost."""

    def __init__(self, context: WorkerContext, config: WorkerConfig) -> None:
        self._context = context
        self._config = config
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._worker: WorkerProcess | None = None
        self._hello: Ready | None = None
        self._error: BaseException | None = None
        self._busy = False
        self._closed = False
        self._replace()

    def wait(self, timeout: float) -> Ready:
        """The current worker's hello, once it is ready."""
        if not self._ready.wait(timeout):
            raise TimeoutError(f"a worker was not ready within {timeout:g} s")
        if self._error is not None:
            raise self._error
        assert self._hello is not None
        return self._hello

    def run(self, job: Job, timeout_s: float) -> Outcome:
        """Run ``job`` on this seat's worker, replacing the worker if the job cost it."""
        hello = self.wait(START_TIMEOUT_S)
        with self._lock:
            if self._closed or self._worker is None:
                raise PoolClosed("the worker pool is closed")
            worker, self._busy = self._worker, True
        try:
            reply = worker.run(job, timeout_s, hello.provenance)
        finally:
            with self._lock:
                self._busy = False
                closed = self._closed
        if reply.retire or closed:
            worker.kill()
            if not closed:
                self._replace()
        return reply.outcome

    def close(self) -> None:
        """Stop the worker: gracefully when idle, by signal when a job is running (its thread cleans up)."""
        with self._lock:
            self._closed = True
            worker, busy = self._worker, self._busy
        if worker is None:
            return
        if busy:
            worker.signal_kill()
        else:
            worker.close()

    def _replace(self) -> None:
        with self._lock:
            self._worker = None
        self._ready.clear()
        threading.Thread(target=self._launch, name="quizzer-worker-start", daemon=True).start()

    def _launch(self) -> None:
        """Launcher thread: start a worker process and wait for its hello."""
        try:
            worker = WorkerProcess(self._context, self._config)
            hello = worker.handshake(START_TIMEOUT_S)
        except BaseException as exc:
            with self._lock:
                self._worker, self._hello, self._error = None, None, exc
            self._ready.set()
            return
        with self._lock:
            closed = self._closed
            if not closed:
                self._worker, self._hello, self._error = worker, hello, None
            else:
                self._error = PoolClosed("the worker pool is closed")
        if closed:
            worker.close()
        self._ready.set()


def _probe(request: str) -> str:
    """Resolve a device request in a short-lived worker (this process must not probe CUDA).

    Forked on Linux: the forkserver is needed for CPU workers anyway, and its child may
    look at CUDA because the server itself never did.
    """
    context = _forkserver_context() if sys.platform == "linux" else multiprocessing.get_context("spawn")
    probe = WorkerProcess(context, WorkerConfig(device=request, num_threads=1, memory_limit=None, probe_only=True))
    try:
        return probe.handshake(START_TIMEOUT_S).device
    finally:
        probe.close()


def _context_for(device: str) -> WorkerContext:
    """Forkserver for CPU workers where available; spawn for accelerators (and where fork is unsafe)."""
    if device == "cpu" and "forkserver" in multiprocessing.get_all_start_methods():
        return _forkserver_context()
    return multiprocessing.get_context("spawn")


def _forkserver_context() -> ForkServerContext:
    """The forkserver context, with torch preloaded (the preload only matters before the server starts)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_FORKSERVER_PRELOAD)
    return context


def _usable_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
