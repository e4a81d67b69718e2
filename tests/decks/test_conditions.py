"""`requires` and per-device/version `expect` selection."""

from __future__ import annotations

from quizzer.decks.conditions import device_type, select_expect, unmet
from quizzer.decks.model import Requires


def test_device_type_of_descriptions() -> None:
    assert device_type("cuda:0 (NVIDIA H100 80GB HBM3)") == "cuda"
    assert device_type("cpu") == "cpu" and device_type("mps") == "mps"


def test_unmet_device_and_version() -> None:
    assert unmet(Requires(device="cuda"), "cpu", "2.13.0+cpu") == "requires device cuda (running on cpu)"
    assert unmet(Requires(device="cuda"), "cuda:1 (X)", "2.13.0") is None
    assert unmet(Requires(torch="<2.0"), "cpu", "2.13.0+cpu") == "requires torch<2.0 (running 2.13.0+cpu)"
    assert unmet(Requires(torch=">=2.13"), "cpu", "2.13.0+cpu") is None
    assert unmet(Requires(torch=">=2.13"), "cpu", "2.14.0.dev20260101") is None  # pre-releases count


def test_select_expect_order() -> None:
    expect = {"default": "a", "cuda": "b", "torch<2.0": "c"}
    assert select_expect(expect, "cpu", "2.13.0") == ("a", "default")
    assert select_expect(expect, "cuda:0", "2.13.0") == ("b", "cuda")
    assert select_expect(expect, "cuda:0", "1.13.1") == ("c", "torch<2.0")
    assert select_expect({"cuda": "b"}, "cpu", "2.13.0") == (None, None)
    assert select_expect("plain", "mps", "2.0") == ("plain", None)
    assert select_expect(None, "cpu", "2.0") == (None, None)
