"""How ratings and intervals are written for the learner, by `--plain` and the TUI alike."""

from __future__ import annotations

from datetime import timedelta

RATING_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def format_interval(delta: timedelta) -> str:
    """A short human interval: 45s, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = max(0.0, delta.total_seconds())
    for limit, unit, size in (
        (60, "s", 1),
        (3600, "m", 60),
        (86400, "h", 3600),
        (30 * 86400, "d", 86400),
        (365 * 86400, "mo", 30 * 86400),
    ):
        if seconds < limit:
            value = seconds / size
            return f"{value:.0f}{unit}" if unit in ("s", "m", "h", "d") else f"{value:.1f}{unit}"
    return f"{seconds / (365 * 86400):.1f}y"
