"""What every quizzer screen shares: which of its actions are allowed now, for the footer, help and palette."""

from __future__ import annotations

from inspect import isawaitable
from typing import TYPE_CHECKING, cast

from textual.actions import parse
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from quizzer.tui.app import QuizzerApp


class QuizzerScreen(Screen[None]):
    """A screen whose actions may depend on its state (``allows``); the palette offers the allowed ones."""

    @property
    def quizzer(self) -> QuizzerApp:
        """The app, typed."""
        return cast("QuizzerApp", self.app)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker of this screen that failed on the database ends the app (exit 4), as the app's own do."""
        if event.state is WorkerState.ERROR:
            self.quizzer.database_failed(event.worker.error)

    def allows(self, action: str) -> bool:
        """True when ``action`` makes sense in the screen's current state (focus aside)."""
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the bindings of actions that are not allowed now."""
        return self.allows(action)

    def named_bindings(self) -> list[Binding]:
        """The screen's bindings with a description and an id (the ones help lists and users remap)."""
        return [b for b in self.BINDINGS if isinstance(b, Binding) and b.description and b.id]

    def commands(self) -> list[Binding]:
        """The named bindings whose action is allowed now: what the palette offers."""
        return [b for b in self.named_bindings() if self.allows(_name(b.action))]

    async def run_command(self, action: str) -> None:
        """Run ``action`` for the palette or a typed command: leave any text input, then act if allowed now.

        Unlike a key, this skips ``check_action``'s focus rule (the input loses focus only
        once the blur is processed). ``app.NAME`` runs an app action.
        """
        self.set_focus(None)
        if action.startswith("app."):
            await self.app.run_action(action.removeprefix("app."))
            return
        _, name, arguments = parse(action)
        if self.allows(name):
            result = getattr(self, f"action_{name}")(*arguments)
            if isawaitable(result):
                await result


def _name(action: str) -> str:
    """The action's name without its arguments: ``rate(3)`` -> ``rate``."""
    return action.split("(", 1)[0]
