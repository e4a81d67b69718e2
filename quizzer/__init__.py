"""quizzer: spaced-repetition drills for PyTorch pitfalls, graded against live torch."""

__version__ = "0.1.0"
