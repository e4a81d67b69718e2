"""The review service shared by the TUI, ``review --plain`` and the CLI: sync, queue, answer, undo.

No Textual and no torch here: grading happens before ``ReviewService.answer`` is called,
which takes the rating and plain data for the verdict and the truth.
"""
