"""Whether a question applies where it runs: `requires`, and which `expect` entry to use."""

from __future__ import annotations

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from quizzer.decks.model import Expect, Requires


def device_type(device: str) -> str:
    """The type of a device description: "cuda:0 (NVIDIA H100)" -> "cuda"."""
    return device.split(" ", 1)[0].split(":", 1)[0]


def _version(torch_version: str) -> Version | None:
    try:
        return Version(torch_version.split("+", 1)[0])
    except InvalidVersion:
        return None


def unmet(requires: Requires, device: str, torch_version: str) -> str | None:
    """Why ``requires`` is not met on ``device`` with ``torch_version``, or None when it is."""
    if requires.device and requires.device != device_type(device):
        return f"requires device {requires.device} (running on {device_type(device)})"
    version = _version(torch_version)
    if requires.torch and version is not None and not SpecifierSet(requires.torch).contains(version, prereleases=True):
        return f"requires torch{requires.torch} (running {torch_version})"
    return None


def select_expect(expect: Expect | None, device: str, torch_version: str) -> tuple[str | None, str | None]:
    """The expect text that applies and its key (None for a plain string).

    Order: the first ``torch<spec>`` key the running torch satisfies, then the device
    type, then ``default``.
    """
    if not isinstance(expect, dict):
        return expect, None
    version = _version(torch_version)
    for key, text in expect.items():
        spec = key.removeprefix("torch")
        if key.startswith("torch") and version is not None and SpecifierSet(spec).contains(version, prereleases=True):
            return text, key
    for key in (device_type(device), "default"):
        if key in expect:
            return expect[key], key
    return None, None
