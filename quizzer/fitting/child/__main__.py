"""``python -m quizzer.fitting.child``: one fit, request on stdin, result on stdout."""

from quizzer.fitting.child.main import main

main()
