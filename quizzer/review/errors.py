"""Errors of the review service."""

from __future__ import annotations


class UnknownCardError(KeyError):
    """No card has this ``deck/note/question`` id."""

    def __str__(self) -> str:
        return f"no card {self.args[0]!r}"


class UndoConflictError(RuntimeError):
    """The answer to undo can no longer be undone exactly (the card or log changed since)."""
