"""A calendar heatmap of reviews per day: one column per week, one row per weekday, darker is fewer."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.color import Color
from textual.widgets import Static

WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
LEVELS = 5  # no reviews, then four shades


def level(count: int, peak: int) -> int:
    """The shade (0..LEVELS-1) of a day with ``count`` reviews when the busiest day had ``peak``."""
    if count <= 0 or peak <= 0:
        return 0
    return min(LEVELS - 1, 1 + (count * (LEVELS - 1) - 1) // peak)


class CalendarHeatmap(Static):
    """Reviews per study day over the last weeks, in the theme's colours."""

    def show(self, counts: dict[date, int], today: date, weeks: int) -> None:
        """Draw ``weeks`` weeks ending with the one holding ``today``."""
        theme = self.app.current_theme
        empty, full = Color.parse(theme.panel or "#333333"), Color.parse(theme.success or "#4EBF71")
        shades = [empty] + [empty.blend(full, step / (LEVELS - 1)) for step in range(1, LEVELS)]
        first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
        peak = max(counts.values(), default=0)
        text = Text()
        months = "".join(
            f"{(first + timedelta(weeks=week)):%b}"[:2] if (first + timedelta(weeks=week)).day <= 7 else "  "
            for week in range(weeks)
        )
        text.append(f"    {months}\n", style="dim")
        for weekday in range(7):
            text.append(f"{WEEKDAYS[weekday]:<4}", style="dim")
            for week in range(weeks):
                day = first + timedelta(weeks=week, days=weekday)
                if day > today:
                    text.append("  ")
                    continue
                text.append("■ ", style=shades[level(counts.get(day, 0), peak)].hex)
            text.append("\n")
        text.append("    less ", style="dim")
        for shade in shades:
            text.append("■", style=shade.hex)
        text.append(f" more    busiest day: {peak} reviews", style="dim")
        self.update(text)
