"""Benchmarks of quizzer."""
