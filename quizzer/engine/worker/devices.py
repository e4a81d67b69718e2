"""Worker-only: resolve a device request to a device torch accepts, and describe it.

Requests are ``cpu``, ``cuda``, ``cuda:N``, ``mps`` or ``auto`` (cuda, then mps, then cpu).
Only workers call this: probing CUDA in a process that later forks breaks its children.
"""

from __future__ import annotations

import torch

from quizzer.engine.errors import DeviceUnavailable


def resolve(request: str) -> str:
    """The concrete device for ``request`` (``"cuda"`` becomes ``"cuda:0"``); raises DeviceUnavailable."""
    if request == "auto":
        if torch.cuda.is_available():
            return "cuda:0"
        return "mps" if _mps_available() else "cpu"
    if request == "cpu":
        return "cpu"
    if request == "mps":
        if not _mps_available():
            raise DeviceUnavailable(
                f"mps requested but torch.backends.mps.is_available() is False in torch {torch.__version__}"
            )
        return "mps"
    kind, _, index_text = request.partition(":")
    if kind != "cuda" or (index_text and not index_text.isdigit()):
        raise DeviceUnavailable(f"unknown device {request!r}: use cpu, cuda, cuda:N, mps or auto")
    if not torch.cuda.is_available():
        build = "" if torch.version.cuda or torch.version.hip else " (a build without CUDA)"
        raise DeviceUnavailable(
            f"{request} requested but torch.cuda.is_available() is False in torch {torch.__version__}{build}"
        )
    index = int(index_text or 0)
    count = torch.cuda.device_count()
    if index >= count:
        raise DeviceUnavailable(f"{request} requested but only {count} CUDA device(s) are visible")
    return f"cuda:{index}"


def activate(device: str) -> None:
    """Make ``device`` the current one, so that a plain ``"cuda"`` in a snippet means it too."""
    if device.startswith("cuda:"):
        torch.cuda.set_device(torch.device(device))


def describe(device: str) -> str:
    """Human description for provenance, e.g. ``"cuda:0 (NVIDIA H100 80GB HBM3)"``."""
    if device.startswith("cuda:"):
        return f"{device} ({torch.cuda.get_device_name(torch.device(device))})"
    return device


def _mps_available() -> bool:
    mps = getattr(torch.backends, "mps", None)
    return bool(mps is not None and mps.is_available())
