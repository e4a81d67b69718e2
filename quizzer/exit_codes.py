"""Process exit statuses: one table shared by every command (docs/design.md, "Exit codes and output")."""

from enum import IntEnum


class ExitCode(IntEnum):
    """What a quizzer process returns to its caller."""

    OK = 0
    FINDINGS = 1  # check mismatch or error, wrong answer
    USAGE = 2  # bad flag or argument
    INVALID_DATA = 3  # invalid deck or data; file:line:col on stderr
    DATABASE = 4  # database error, or a schema written by a newer quizzer
    INTERRUPTED = 130
