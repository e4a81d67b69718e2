"""Exception answers and exception truths.

Accepted: ``RuntimeError``, ``raises RuntimeError``, ``torch.OutOfMemoryError``,
``RuntimeError: some message``, ``runtime error``, or ``no exception``.
Class names compare case-insensitively without their module path; the message is ignored.
Naming a base class from the truth's MRO is right, with a note naming the exact class;
``Exception``, ``BaseException`` and ``object`` are too broad to count.
"""

from __future__ import annotations

import re

from quizzer.grading.spec import Comparison, one_line
from quizzer.outcome import ExceptionInfo, Value

NO_EXCEPTION = "no exception"

_RAISES = re.compile(r"(?:it\s+)?(?:raises?|raised|throws?)\s+(?:an?\s+)?", re.IGNORECASE)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*")
_WORDS = re.compile(r"[A-Za-z]+(?:\s+[A-Za-z]+)+")
_SUFFIXES = ("error", "exception", "warning", "interrupt", "exit", "iteration")
_TOO_BROAD = {"exception", "baseexception", "object"}
_NO_EXCEPTION = {
    "no exception", "none", "nothing", "no error", "no", "no raise",
    "does not raise", "doesn't raise", "it does not raise", "it doesn't raise",
}  # fmt: skip
_RUNS = ("it works", "works", "it runs", "runs fine", "it runs fine", "no exception", "it succeeds", "succeeds")


def parse_exception(text: str, *, known: tuple[str, ...] = (), any_name: bool = False) -> str | None:
    """The class name in an exception answer, or None.

    With ``any_name`` (the exception kind) any class-like name counts (capitalised or
    dotted; "idk" is no answer); otherwise the text must say "raises", or name a class
    ending in Error/Exception/Warning/..., or one of ``known``.
    """
    body = text.strip()
    raises = _RAISES.match(body)
    if raises and body[raises.end() :].strip():
        body = body[raises.end() :]
    else:
        raises = None
    body = re.split(r"[:(]", body, maxsplit=1)[0].strip().rstrip(".")
    if _NAME.fullmatch(body):
        name = body.rpartition(".")[2].strip()
    elif _WORDS.fullmatch(body) and body.casefold().endswith(_SUFFIXES) and len(body.split()) <= 4:
        name = "".join(word[:1].upper() + word[1:] for word in body.split())
    else:
        return None
    key = name.casefold()
    if raises or key.endswith(_SUFFIXES) or key in {k.casefold() for k in known}:
        return name
    if any_name and (name[:1].isupper() or "." in body or key in _TOO_BROAD):  # a class, not a word like "idk"
        return name
    return None


def says_no_exception(text: str) -> bool:
    """True for ``no exception``, ``none``, ``nothing``, ``doesn't raise``, ``it works (with a warning)``..."""
    words = " ".join(text.casefold().replace("’", "'").split()).rstrip(".!")
    return words in _NO_EXCEPTION or words.startswith(_RUNS)


def known_names(exc: ExceptionInfo) -> tuple[str, ...]:
    """The class, the name the traceback prints for it (when another), and the bases an answer may name."""
    printed = printed_name(exc)
    extra = (printed,) if printed and printed != exc.name else ()
    return (exc.name, *extra, *(base for base in exc.mro if base.casefold() not in _TOO_BROAD))


def printed_name(exc: ExceptionInfo) -> str:
    """The class name a traceback prints (``_UFuncOutputCastingError``, which calls itself ``UFuncTypeError``)."""
    return exc.qualname.rpartition(".")[2]


def compare_exception(name: str, exc: ExceptionInfo) -> Comparison:
    """The exact class, or a specific base class with a note; anything else is wrong."""
    key = name.casefold()
    if key == exc.name.casefold():
        return Comparison(True)
    printed = printed_name(exc)
    if printed and key == printed.casefold():
        return Comparison(True, note=f"the traceback prints {exc.qualname}, which names itself {exc.name}")
    for base in known_names(exc)[1:]:
        if key == base.casefold():
            return Comparison(True, note=f"exactly: {exc.qualname or exc.name} (a subclass of {base})")
    if key in _TOO_BROAD:
        return Comparison(False, f"it raises {exc.name}; {name} is too broad")
    return Comparison(False, f"it raises {exc.name}; you said {name}")


def canonical_name(name: str, exc: ExceptionInfo | None) -> str:
    """``name`` spelt as the truth spells it when it is one of the truth's names."""
    for known in known_names(exc) if exc else ():
        if known.casefold() == name.casefold():
            return known
    return name


def raises(exc: ExceptionInfo, given: str = "") -> str:
    """``it raises RuntimeError; you gave a shape (message: ...)`` on one line, for answers that missed it."""
    message = one_line(exc.message, 100)
    head = f"it raises {exc.name}; {given}" if given else f"it raises {exc.name}"
    return f"{head} (message: {message})" if message else head


def no_exception(value: Value, named: str = "") -> str:
    """``no exception: the value is <repr>``, for exception answers to a value (``named``: what they said)."""
    said = f"; you said it raises {named}" if named else ""
    return f"no exception: the value is {one_line(value.repr, 80)}{said}"
