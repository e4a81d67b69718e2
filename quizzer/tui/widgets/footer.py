"""A Footer that redraws only when the keys it shows change.

Textual's Footer rebuilds its key widgets on every ``refresh_bindings``; the review screen
refreshes bindings on each step and focus change, and a rebuild costs tens of
milliseconds that would land between Enter and the verdict.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class QuizzerFooter(Footer):
    """Footer whose rebuild is skipped when the shown bindings are the same as last time."""

    _shown: tuple[tuple[str, str, bool], ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild only for a different set of shown keys."""
        shown = tuple(
            (key, active.binding.description, active.enabled)
            for key, active in screen.active_bindings.items()
            if active.binding.show
        )
        if shown != self._shown:
            self._shown = shown
            super().bindings_changed(screen)
