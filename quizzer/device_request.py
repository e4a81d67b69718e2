"""Which device the workers should use, as a learner or a CI job asks for it (``--device``): parsed once, at the edge.

The accepted forms are ``cpu``, ``cuda``, ``cuda:N``, ``mps`` and ``auto`` (cuda, then
mps, then cpu, resolved by a probe worker). Whether the device exists is only known to a
worker: a well-formed request can still end in ``DeviceUnavailable``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACCEPTED = "cpu, cuda, cuda:N (N = 0, 1, ...), mps or auto"
_FORM = re.compile(r"(?P<kind>cpu|cuda|mps|auto)(?::(?P<index>\d+))?")


@dataclass(frozen=True)
class DeviceRequest:
    """A well-formed device request: its kind and, for ``cuda:N``, the index."""

    kind: str
    index: int | None = None

    @classmethod
    def parse(cls, text: str) -> DeviceRequest:
        """The request ``text`` names; ValueError, listing the accepted forms, for anything else."""
        match = _FORM.fullmatch(text)
        if match is None or (match["index"] is not None and match["kind"] != "cuda"):
            raise ValueError(f"unknown device {text!r}; accepted: {ACCEPTED}")
        index = match["index"]
        return cls(match["kind"], int(index) if index is not None else None)

    def __str__(self) -> str:
        """The request as a worker reads it: ``cpu``, ``cuda:1``..."""
        return self.kind if self.index is None else f"{self.kind}:{self.index}"


CPU = DeviceRequest("cpu")
AUTO = DeviceRequest("auto")
