"""Leech thresholds: at 8 lapses, then every 4 more (half the threshold, rounded up)."""

from __future__ import annotations

from quizzer.scheduling.leech import leech_reached


def test_leech_at_threshold_then_every_half_threshold() -> None:
    reached = [lapses for lapses in range(1, 25) if leech_reached(lapses, 8)]
    assert reached == [8, 12, 16, 20, 24]


def test_odd_and_tiny_thresholds() -> None:
    assert [n for n in range(1, 12) if leech_reached(n, 5)] == [5, 8, 11]
    assert [n for n in range(1, 4) if leech_reached(n, 1)] == [1, 2, 3]
