"""The fitting child process: review log in (JSON on stdin), fitted parameters and held-out scores out.

Only this package imports the fitter, ``fsrs_rs_python`` (FSRS's own Rust implementation:
it fits 100k reviews in well under a second with no torch). Run as
``python -m quizzer.fitting.child``.
"""
