"""Worker-only: run one Job's prelude, setup and answer, and describe what happened as an Outcome."""

from __future__ import annotations

import builtins
import traceback
import warnings
from dataclasses import dataclass
from functools import lru_cache
from time import perf_counter
from types import CodeType
from typing import Any

import torch

from quizzer.engine.job import LEARNER_SECTION, Job
from quizzer.engine.limits import OUTPUT_HARD_CAP_BYTES
from quizzer.engine.worker import guard, memory
from quizzer.engine.worker.capture import OutputCapture
from quizzer.engine.worker.interrupts import Interrupts, OutputTooLarge, SoftTimeout
from quizzer.engine.worker.isolation import ProcessState
from quizzer.engine.worker.summarize import cap, plain_text, qualified_name, summarize
from quizzer.outcome import ExceptionInfo, Outcome, Provenance, Status, Value

_MAX_WARNINGS = 100
_OOM_MESSAGES = ("can't allocate memory", "not enough memory", "Cannot allocate memory")
_OOM_TYPES = (MemoryError, getattr(torch, "OutOfMemoryError", torch.cuda.OutOfMemoryError))  # the first: torch 2.5+


@dataclass(frozen=True)
class _Result:
    """How the snippets ended, before output and warnings are attached."""

    status: Status
    value: Value | None = None
    exception: ExceptionInfo | None = None
    detail: str = ""


class JobRunner:
    """Runs jobs one after another in this worker process."""

    def __init__(
        self,
        device: str,
        provenance: Provenance,
        capture: OutputCapture,
        interrupts: Interrupts,
        state: ProcessState,
    ) -> None:
        self._device = device
        self._provenance = provenance
        self._capture = capture
        self._interrupts = interrupts
        self._state = state

    def run(self, job: Job, timeout_s: float) -> tuple[Outcome, str]:
        """Run ``job``; return its outcome and why this worker must retire afterwards ("" if it need not)."""
        self._state.seed(job.seed)
        self._interrupts.install()
        self._capture.begin()
        started = perf_counter()
        caught: list[warnings.WarningMessage] = []
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    self._interrupts.arm(timeout_s)
                    with memory.capped(job.memory_limit):
                        result = _evaluate(job, self._device)
                finally:
                    self._interrupts.disarm()
        except SoftTimeout:
            detail = f"ran past its {timeout_s:g} s time limit (stopped by the soft timeout)"
            result = _Result(Status.TIMEOUT, detail=detail)
        except OutputTooLarge:
            result = _Result(Status.OUTPUT_TOO_LARGE)  # its detail comes with the byte count below
        elapsed = perf_counter() - started
        captured = self._capture.end()
        if captured.overflowed:
            result = _Result(
                Status.OUTPUT_TOO_LARGE,
                detail=f"wrote more than {OUTPUT_HARD_CAP_BYTES} bytes to stdout/stderr ({captured.total_bytes} seen)",
            )
        self._state.reset()
        outcome = Outcome(
            status=result.status,
            value=result.value,
            exception=result.exception,
            detail=result.detail,
            output=captured.text,
            warnings=_warning_lines(caught),
            provenance=self._provenance,
            elapsed_s=elapsed,
        )
        retire = "the job ran out of memory" if result.status is Status.OUT_OF_MEMORY else self._state.retire_reason()
        return outcome, retire


def _evaluate(job: Job, device: str) -> _Result:
    """Compile and run the three snippets in a fresh namespace."""
    stages = (
        ("prelude", job.prelude, "exec"),
        ("setup", job.setup, "exec"),
        (job.answer_section, job.answer.lstrip(" \t"), "eval"),
    )
    codes: list[CodeType] = []
    for section, source, mode in stages:
        try:
            codes.append(_compile(source, section, mode))
        except (SyntaxError, ValueError) as exc:  # ValueError: null bytes in the source
            line = (exc.lineno or 0) if isinstance(exc, SyntaxError) else 0
            return _Result(Status.EXCEPTION, exception=_exception_info(exc, section, line))
    prelude, setup, answer = codes
    namespace: dict[str, Any] = {"__name__": "__quizzer__", "__builtins__": builtins}
    section = "prelude"
    try:
        try:
            exec(prelude, namespace)
            namespace["device"] = device
            namespace.update(job.params)
            section = "setup"
            exec(setup, namespace)
            section = job.answer_section
            with guard.armed(section == LEARNER_SECTION):
                value = eval(answer, namespace)
        except (SoftTimeout, OutputTooLarge):
            raise
        except BaseException as exc:
            return _failure(exc, section)
        return _Result(Status.VALUE, value=summarize(value))
    finally:
        namespace.clear()  # break cycles through functions' __globals__ so tensors are freed now


@lru_cache(maxsize=512)
def _compile(source: str, section: str, mode: str) -> CodeType:
    """Compile one snippet under the file name ``<section>`` (cached: preludes repeat)."""
    return compile(source, _filename(section), mode, dont_inherit=True)


def _filename(section: str) -> str:
    return f"<{section}>"


def _failure(exc: BaseException, section: str) -> _Result:
    """Result for an exception raised by a snippet: out of memory, or the exception as the truth.

    Its line is that of the innermost traceback frame in the section's own code (a function
    the setup defined and the answer called counts for the setup's line only when the setup
    itself raised).
    """
    filename = _filename(section)
    line = 0
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == filename:
            line = lineno or 0
    info = _exception_info(exc, section, line)
    if _is_out_of_memory(exc):
        where = f"{section}, line {line}" if line else section
        message = f"{info.name}: {info.message}" if info.message else info.name
        return _Result(Status.OUT_OF_MEMORY, detail=f"{message} ({where})")
    return _Result(Status.EXCEPTION, exception=info)


def _exception_info(exc: BaseException, section: str, line: int) -> ExceptionInfo:
    cls = type(exc)
    try:
        message = str(exc.msg) if isinstance(exc, SyntaxError) and exc.msg else str(exc)
    except Exception:
        message = f"<{cls.__name__}: str() failed>"
    return ExceptionInfo(
        name=cls.__name__,
        qualname=qualified_name(cls),
        message=cap(plain_text(message)),
        mro=tuple(base.__name__ for base in cls.__mro__[1:]),
        section=section,
        line=line,
    )


def _is_out_of_memory(exc: BaseException) -> bool:
    if isinstance(exc, _OOM_TYPES):
        return True
    return isinstance(exc, RuntimeError) and any(text in str(exc) for text in _OOM_MESSAGES)


def _warning_lines(caught: list[warnings.WarningMessage]) -> tuple[str, ...]:
    """``"Category: message"`` for each distinct warning, in order."""
    lines = dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught[: _MAX_WARNINGS * 10])
    return tuple(cap(line) for line in list(lines)[:_MAX_WARNINGS])
