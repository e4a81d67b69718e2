"""The command palette provider: every action of the screen in front, and the app's, by name."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Provider

from quizzer.tui.screens.base import QuizzerScreen


class ActionCommands(Provider):
    """Lists the actions a key would run now (ctrl+p), with their keys."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        screen = self.screen
        if not isinstance(screen, QuizzerScreen):
            return []
        app = screen.quizzer
        found = [(b, partial(screen.run_command, b.action)) for b in screen.commands()]
        found += [(b, partial(app.run_action, b.action)) for b in app.commands()]
        return [(b.description, f"{b.tooltip or b.description} ({app.keys_for(b)})", run) for b, run in found]

    async def discover(self) -> AsyncIterator[DiscoveryHit]:
        """Every command, when nothing is typed yet."""
        for title, help_text, run in self._commands():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> AsyncIterator[Hit]:
        """Commands whose name matches ``query``."""
        matcher = self.matcher(query)
        for title, help_text, run in self._commands():
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)
