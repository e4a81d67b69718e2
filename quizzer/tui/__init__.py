"""The review TUI: one Textual client of the study session (``quizzer.study.session``); ``review --plain`` is the other.

The core (decks, engine, grading, store) never imports this package. Services are injected
into ``QuizzerApp``; every database and engine call runs in a thread worker and answers by
message (``quizzer.tui.messages``).
"""
