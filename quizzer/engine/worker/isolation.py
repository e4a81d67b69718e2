"""Worker-only: every job starts from the same process state, or the worker is replaced.

Seeded before every job with the job's seed: ``random``, ``numpy.random`` and torch's CPU
generator (``torch.manual_seed``, which also seeds CUDA/MPS, on accelerator workers).

Restored after every job (about 30 us in all), to the state the worker had when it became
ready:

- torch default dtype (float32) and default device; grad mode on; anomaly detection off;
- all of torch's print options (``torch._tensor_str.PRINT_OPTS``, which also holds
  ``sci_mode``), numpy's print options and floating-point error handling;
- ``torch.use_deterministic_algorithms`` (and ``warn_only``), float32 matmul precision,
  ``torch.backends.cudnn`` enabled/benchmark/deterministic/allow_tf32,
  ``torch.backends.cuda.matmul.allow_tf32``, ``torch.backends.mkldnn.enabled``;
- ``torch.set_warn_always(True)``, so warnings torch gives "once per process" reach every
  job that triggers them; warnings filters (each job runs in ``warnings.catch_warnings``
  with the "always" filter, so every warning is recorded);
- torch intra-op thread count;
- ``sys.path``, the working directory, ``os.environ``, the recursion limit,
  ``sys.stdin/stdout/stderr`` and fds 0/1/2 (see ``capture``), the SIGALRM/SIGUSR1 handlers.

Checked after every job, once the above is restored; when one fails the worker answers, then exits and the parent
starts a fresh one (about 15 ms from the forkserver on CPU):

- a thread the snippet started is still running (daemon or not);
- a child process the snippet started is still running (it is killed with the worker's
  process group);
- an attribute of ``torch``, ``torch.nn``, ``torch.nn.functional``, ``torch.linalg``,
  ``numpy``, ``builtins``, ``math`` or ``random`` was replaced or deleted, or a
  non-module attribute was added to one of them; any attribute of ``torch.Tensor``,
  ``torch._C.TensorBase`` or ``torch.nn.Module`` was added, replaced or deleted
  (monkey-patching). Submodules that get imported are fine, and so is a replacement that
  wraps the original (``functools.wraps``), which is what importing ``torch._dynamo`` does
  to ``torch.manual_seed``;
- inference mode, autocast, a ``torch.device`` context or another torch function mode is
  still active;
- the job ran out of memory (the heap may be fragmented or near the cap).

Not restored: modules a snippet imported stay imported, with whatever global state they
keep (including torch.compile/dynamo caches); attributes patched in modules not listed
above; signal handlers other than the worker's own; resource limits a snippet lowered;
open files; the umask; CUDA memory (``torch.cuda.empty_cache()`` runs after each job).
"""

from __future__ import annotations

import os
import random
import sys
import threading
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import torch

try:
    import numpy
except ImportError:  # numpy is optional for torch
    numpy = None  # type: ignore[assignment]

_WATCHED_MODULES = ("torch", "torch.nn", "torch.nn.functional", "torch.linalg", "numpy", "builtins", "math", "random")
_WATCHED_CLASSES = (torch.Tensor, torch._C.TensorBase, torch.nn.Module)
_MISSING = object()


@dataclass
class _Baseline:
    """Every attribute of one namespace as it was when the worker became ready."""

    label: str
    namespace: Mapping[str, Any]
    attributes: dict[str, Any]
    additions_allowed: bool  # modules gain submodule attributes on import; classes must not change

    def changed(self) -> str:
        """Name of one attribute that changed, or ""."""
        try:
            if self.namespace == self.attributes:  # C-level; identical values compare equal without __eq__
                return ""
        except Exception:
            pass
        current = dict(self.namespace)
        for name, value in self.attributes.items():
            now = current.get(name, _MISSING)
            if now is value:
                continue
            if getattr(now, "__wrapped__", _MISSING) is not value:
                return f"{self.label}.{name}"
            self.attributes[name] = now  # a transparent wrapper, as torch._dynamo puts on torch.manual_seed
        for name, value in current.items():
            if name not in self.attributes:
                if not (self.additions_allowed and isinstance(value, types.ModuleType)):
                    return f"{self.label}.{name}"
                self.attributes[name] = value  # an imported submodule joins the baseline
        return ""


class ProcessState:
    """The worker's baseline: ``reset`` puts it back, ``retire_reason`` spots what cannot be put back."""

    def __init__(self, device: str, num_threads: int) -> None:
        self._device = device
        self._num_threads = num_threads
        torch.set_warn_always(True)
        self._sys_path = list(sys.path)
        self._cwd = os.getcwd()
        self._environ = dict(os.environ)
        self._recursion_limit = sys.getrecursionlimit()
        self._default_dtype = torch.get_default_dtype()
        self._print_options = dict(vars(torch._tensor_str.PRINT_OPTS))
        self._numpy_print = numpy.get_printoptions() if numpy is not None else None
        self._numpy_errors = numpy.geterr() if numpy is not None else None
        self._flags = _flags()
        self._threads = set(threading.enumerate())
        self._function_modes = torch._C._len_torch_function_stack()
        modules = [(name, vars(sys.modules[name])) for name in _WATCHED_MODULES if name in sys.modules]
        classes = [(f"{cls.__module__}.{cls.__qualname__}", vars(cls)) for cls in _WATCHED_CLASSES]
        self._baselines = [_Baseline(label, space, dict(space), True) for label, space in modules] + [
            _Baseline(label, space, dict(space), False) for label, space in classes
        ]

    def seed(self, seed: int) -> None:
        """Seed every generator with ``seed`` (before each job)."""
        random.seed(seed)
        if self._device == "cpu":
            torch.default_generator.manual_seed(seed)  # torch.manual_seed also queues CUDA seeding: ~80 us
        else:
            torch.manual_seed(seed)
        if numpy is not None:
            numpy.random.seed(seed % 2**32)

    def reset(self) -> None:
        """Put the process back to the baseline (after each job)."""
        if numpy is not None:
            numpy.set_printoptions(**self._numpy_print)
            numpy.seterr(**self._numpy_errors)
        if torch.get_default_dtype() is not self._default_dtype:
            torch.set_default_dtype(self._default_dtype)
        if torch._C._len_torch_function_stack() != self._function_modes:
            torch.set_default_device(None)  # torch.set_default_device pushes a function mode
        torch.set_grad_enabled(True)
        if torch.is_anomaly_enabled():
            torch.autograd.set_detect_anomaly(False)
        vars(torch._tensor_str.PRINT_OPTS).update(self._print_options)
        if _flags() != self._flags:
            _set_flags(self._flags)
        torch.set_warn_always(True)
        if torch.get_num_threads() != self._num_threads:
            torch.set_num_threads(self._num_threads)
        if sys.path != self._sys_path:
            sys.path[:] = self._sys_path
        if os.getcwd() != self._cwd:
            os.chdir(self._cwd)
        if os.environ != self._environ:
            os.environ.clear()
            os.environ.update(self._environ)
        sys.setrecursionlimit(self._recursion_limit)

    def retire_reason(self) -> str:
        """Why this worker must not run another job, or "" when it may."""
        if self._device.startswith("cuda"):
            torch.cuda.empty_cache()
        leftover = [t.name for t in threading.enumerate() if t not in self._threads and t.is_alive()]
        if leftover:
            return f"the snippet left threads running: {', '.join(leftover)}"
        if _has_live_children():
            return "the snippet left child processes running"
        if torch.is_inference_mode_enabled():
            return "the snippet left inference mode on"
        if _autocast_enabled():
            return "the snippet left autocast on"
        if torch._C._len_torch_function_stack() != self._function_modes:
            return "the snippet left a torch function mode (e.g. a torch.device context) active"
        for baseline in self._baselines:
            changed = baseline.changed()
            if changed:
                return f"the snippet changed {changed}"
        return ""


def _autocast_enabled() -> bool:
    try:
        return any(torch.is_autocast_enabled(kind) for kind in ("cpu", "cuda"))
    except TypeError:  # torch < 2.4 takes no device type
        return torch.is_autocast_enabled() or torch.is_autocast_cpu_enabled()


def _flags() -> tuple[Any, ...]:
    """Global determinism and precision switches."""
    return (
        torch.are_deterministic_algorithms_enabled(),
        torch.is_deterministic_algorithms_warn_only_enabled(),
        torch.get_float32_matmul_precision(),
        torch.backends.cudnn.enabled,
        torch.backends.cudnn.benchmark,
        torch.backends.cudnn.deterministic,
        torch.backends.cudnn.allow_tf32,
        torch.backends.cuda.matmul.allow_tf32,
        torch.backends.mkldnn.enabled,
    )


def _set_flags(flags: tuple[Any, ...]) -> None:
    deterministic, warn_only, precision, enabled, benchmark, cudnn_det, cudnn_tf32, matmul_tf32, mkldnn = flags
    torch.use_deterministic_algorithms(deterministic, warn_only=warn_only)
    torch.set_float32_matmul_precision(precision)
    torch.backends.cudnn.enabled = enabled
    torch.backends.cudnn.benchmark = benchmark
    torch.backends.cudnn.deterministic = cudnn_det
    torch.backends.cudnn.allow_tf32 = cudnn_tf32
    torch.backends.cuda.matmul.allow_tf32 = matmul_tf32
    torch.backends.mkldnn.enabled = mkldnn


def _has_live_children() -> bool:
    """Whether this process has a running child; reaps children that have already exited."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return False
        if pid == 0:
            return True
