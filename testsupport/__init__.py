"""Code shared by the test suite (``tests``) and the benchmarks (``bench``), which never import each other.

``builders``: grader inputs (outcomes of every kind); ``fuzz_answers`` and ``fuzz_loader``:
hypothesis fuzzers of the answer parsers and the deck loader; ``crash_harness``: SIGKILL
runs of `review --plain` checked against the database; ``terminal``: a child process on a
pseudo-terminal. An import contract (pyproject.toml) keeps the three packages apart.
"""
