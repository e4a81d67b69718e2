"""`python -m quizzer` runs the command-line interface."""

from quizzer.cli import main

main()
