"""Start-up: Python's cyclic garbage collector waits until a command has loaded what it keeps.

Loading Textual, the store and the deck model allocates a few hundred thousand objects
that live as long as the process; each collection during start-up walks all of them
again (about 25 ms of the TUI's first paint, docs/design-notes.md). So
``main`` pauses the collector, and it resumes once start-up is over: after the review's
services are open (with what they loaded frozen out of later collections), or before
any other command runs.
"""

from __future__ import annotations

import gc


def pause_collector() -> None:
    """Stop automatic collections until ``resume_collector``."""
    gc.disable()


def resume_collector() -> None:
    """Freeze what is alive now out of future collections, then collect automatically again."""
    gc.freeze()
    gc.enable()
