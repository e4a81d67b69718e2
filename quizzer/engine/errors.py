"""Errors the execution engine raises to its callers (torch-free)."""

from __future__ import annotations


class EngineError(Exception):
    """Base class of the engine's own errors (a snippet's errors are outcomes, never raised)."""


class DeviceUnavailable(EngineError):
    """The requested device does not exist in the worker's torch build or machine."""


class WorkerStartError(EngineError):
    """A worker process died or hung before it was ready to run jobs."""


class PoolClosed(EngineError):
    """A job was submitted to a pool that has been closed."""
