"""Text a learner typed, made safe to grade, print and store."""

from __future__ import annotations


def clean_typed(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD.

    Bytes that are not UTF-8 reach Python as lone surrogates (from a terminal, stdin or the
    command line, through ``surrogateescape``); they cannot be encoded, so the database,
    the terminal and JSON would all refuse them.
    """
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return text.encode("utf-8", "replace").decode("utf-8")
