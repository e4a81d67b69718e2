"""Fitting FSRS parameters to the learner's own reviews (``quizzer optimize``).

The fit runs in a child process (``quizzer.fitting.child``): the fitter holds the GIL for
the whole call, so a thread would freeze the TUI. This package reads the review log
through the review service, runs the child, and adopts the result by the rules of
``quizzer.scheduling.fit_policy``.
"""
