"""Checks beyond the schema: duplicate ids, Python syntax, placeholders, rules, kind-specific fields, expects.

They read the raw YAML tree, not the validated model, so that a deck with a type error
somewhere still gets every other problem reported in the same run.
"""

from __future__ import annotations

import ast
import builtins
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from quizzer.decks.model import JUDGE_KINDS, is_valid_id
from quizzer.decks.params import MAX_FIELD_WIDTH, spec_too_wide, unfillable
from quizzer.decks.problems import Problem
from quizzer.decks.snippet_syntax import parse_snippet
from quizzer.decks.yaml_source import Source
from quizzer.grading import readable
from quizzer.grading.kinds import Kind, hint

Loc = tuple[Any, ...]


def check(source: Source) -> list[Problem]:
    """Every semantic problem of the deck in ``source``."""
    root = source.root
    problems: list[Problem] = []
    prelude_names: set[str] = set()
    if isinstance(root.get("prelude"), str):
        problems += _python(source, ("prelude",), "exec")
        prelude_names = _bound_names(root["prelude"])
    notes = root.get("notes")
    if not isinstance(notes, list):
        return problems
    problems += _duplicates(source, ("notes",), notes, "note")
    for n, note in enumerate(notes):
        if not isinstance(note, dict):
            continue
        questions = note.get("questions")
        if not isinstance(questions, list):
            continue
        problems += _duplicates(source, ("notes", n, "questions"), questions, f"question in note '{note.get('id')}'")
        for q, question in enumerate(questions):
            if isinstance(question, dict):
                problems += _question(source, ("notes", n, "questions", q), question, prelude_names)
    return problems


def warnings(source: Source) -> list[Problem]:
    """Likely mistakes that do not stop the deck from loading: names a prompt uses that its code never defines,
    and a precision a prompt states that the question does not enforce.

    Best effort: a name counts as used when the prompt writes ``name.attribute`` or
    ``name[...]``; it is defined when the prelude or the setup binds it, when it is a param,
    ``device`` or a builtin, or when the prompt binds it in a ``for ... in``.
    """
    root = source.root
    found: list[Problem] = []
    prelude_names = _bound_names(root["prelude"]) if isinstance(root.get("prelude"), str) else set()
    notes = root.get("notes")
    for n, note in enumerate(notes if isinstance(notes, list) else []):
        questions = note.get("questions") if isinstance(note, dict) else None
        for q, question in enumerate(questions if isinstance(questions, list) else []):
            if isinstance(question, dict) and isinstance(question.get("ask"), str):
                found += _undefined_in_ask(source, ("notes", n, "questions", q), question, prelude_names)
                found += _precision_without_decimals(source, ("notes", n, "questions", q), question)
    return found


_PRECISION = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight)[\s-]+(?:decimals?|decimal places|d\.p\.|places)\b", re.IGNORECASE
)


def _precision_without_decimals(source: Source, loc: Loc, question: dict[str, Any]) -> list[Problem]:
    """A prompt that states a precision ("to 4 decimals") whose question does not enforce it (``judge.decimals``)."""
    stated = _PRECISION.search(question["ask"])
    judge = question.get("judge")
    if stated is None or (isinstance(judge, dict) and "decimals" in judge):
        return []
    message = f"'ask' asks for {stated[0]} but the question has no 'judge: {{decimals: ...}}' to enforce it"
    return [replace(_at(source, (*loc, "ask"), message), warning=True)]


_USED_IN_ASK = re.compile(r"(?<![\w.])([A-Za-z_]\w*)(?=\.[A-Za-z_]\w|\[)")  # x.shape, x[0]; not "e.g."
_BOUND_IN_ASK = re.compile(r"\bfor\s+([\w\s,()]+?)\s+in\b")


def _undefined_in_ask(source: Source, loc: Loc, question: dict[str, Any], prelude_names: set[str]) -> list[Problem]:
    try:
        ask = "".join(
            text + ("0" if name is not None else "") for text, name, _, _ in string.Formatter().parse(question["ask"])
        )
    except ValueError:
        return []  # unbalanced braces are reported by check()
    params = question["params"] if isinstance(question.get("params"), dict) else {}
    setup = question["setup"] if isinstance(question.get("setup"), str) else ""
    if not _parses(setup):
        return []  # the syntax error is the problem to fix first
    known = prelude_names | _bound_names(setup) | set(params) | set(dir(builtins)) | {"device"}
    known |= {name for bound in _BOUND_IN_ASK.findall(ask) for name in re.findall(r"\w+", bound)}
    unknown = sorted({name for name in _USED_IN_ASK.findall(ask) if name not in known})
    return [
        replace(
            _at(source, (*loc, "ask"), f"'ask' uses '{name}', which neither the setup nor the prelude defines"),
            warning=True,
        )
        for name in unknown
    ]


def _parses(code: str) -> bool:
    try:
        parse_snippet(code)
    except SyntaxError:
        return False
    return True


def _bound_names(code: str) -> set[str]:
    """Every name ``code`` binds anywhere: assignments, imports, defs, arguments, loop targets."""
    try:
        tree = parse_snippet(code)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


def _duplicates(source: Source, loc: Loc, items: list[Any], what: str) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in seen:
            line, _ = source.value_position((*loc, seen[ident], "id"))
            yield _at(source, (*loc, index, "id"), f"duplicate id '{ident}' for a {what} (first at line {line})")
        else:
            seen[ident] = index


def _question(source: Source, loc: Loc, question: dict[str, Any], prelude_names: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    kind = question.get("kind")
    params: dict[str, Any] = question["params"] if isinstance(question.get("params"), dict) else {}
    for field, mode in (("setup", "exec"), ("answer", "eval"), ("rule", "eval")):
        if isinstance(question.get(field), str):
            problems += _python(source, (*loc, field), mode)
    if kind == Kind.RECALL:
        if question.get("expect") is None:
            problems.append(_at(source, loc, "recall question needs 'expect': the answer revealed to the learner"))
    elif isinstance(kind, str) and kind in set(Kind) and question.get("answer") is None:
        problems.append(_at(source, loc, f"kind '{kind}' needs 'answer': the expression whose value is the truth"))
    choices = question.get("choices")
    if kind == Kind.CHOICE and not (isinstance(choices, list) and len(choices) >= 2):
        problems.append(_at(source, loc, "kind 'choice' needs 'choices': a list of at least two options"))
    elif kind != Kind.CHOICE and choices is not None:
        problems.append(_at(source, (*loc, "choices"), f"'choices' is only for kind 'choice', not '{kind}'"))
    if isinstance(kind, str) and kind in set(Kind):
        problems += _unreadable_expects(source, loc, Kind(kind), question.get("expect"), choices)
    if isinstance(question.get("ask"), str):
        found = _placeholders(source, loc, question["ask"], params)
        fillable = all(isinstance(values, list) and values for values in params.values())
        clean = fillable and not [problem for problem in found if not problem.warning]
        if clean and (why := unfillable(_Prompt(question["ask"], params))) is not None:
            found.append(_at(source, (*loc, "ask"), f"'ask' cannot be filled from its params ({why})"))
        problems += found
    if isinstance(question.get("rule"), str):
        problems += _rule(source, loc, question["rule"], params, prelude_names)
    judge = question.get("judge")
    for setting in judge if isinstance(judge, dict) else {}:
        kinds = JUDGE_KINDS.get(setting)
        if kinds and isinstance(kind, str) and kind not in kinds:
            problems.append(
                _at(
                    source,
                    (*loc, "judge", setting),
                    f"judge '{setting}' applies to kind {' or '.join(kinds)}, not '{kind}'",
                )
            )
    was = question.get("was")
    for index, earlier in enumerate(was if isinstance(was, list) else []):
        parts = earlier.split("/") if isinstance(earlier, str) else []
        if parts and not (len(parts) <= 3 and all(is_valid_id(part) for part in parts)):
            problems.append(_at(source, (*loc, "was", index), f"'{earlier}' is not an id, note/id or deck/note/id"))
    return problems


@dataclass(frozen=True)
class _Prompt:
    """A question's ask and params as ``quizzer.decks.params`` reads them, from the raw tree."""

    ask: str
    params: dict[str, Any]


def _python(source: Source, loc: Loc, mode: str) -> list[Problem]:
    text = source.node(loc)
    field = loc[-1]
    try:
        parse_snippet(text, mode)
    except SyntaxError as error:
        if mode == "eval":
            try:
                parse_snippet(text, "exec")
            except SyntaxError:
                pass
            else:
                return [_at(source, loc, f"'{field}' must be an expression, not statements; put statements in 'setup'")]
        line, col = source.snippet_position(loc, error.lineno or 1, error.offset or 1)
        return [Problem(source.path, line, col, f"Python syntax error in '{field}': {error.msg}")]
    return []


def _unreadable_expects(source: Source, loc: Loc, kind: Kind, expect: Any, choices: Any) -> Iterator[Problem]:
    """An ``expect`` (or per-device entry) that the grader could not read as an answer of ``kind``."""
    entries = list(expect.items()) if isinstance(expect, dict) else [(None, expect)]
    options = [str(choice) for choice in choices] if isinstance(choices, list) else None
    for key, text in entries:
        if not isinstance(text, str) or readable(kind, text, choices=options):
            continue  # a missing expect or a wrong type is reported elsewhere
        where = (*loc, "expect") if key is None else (*loc, "expect", key)
        yield _at(
            source, where, f"expect {text!r} cannot be read as an answer of kind '{kind}' (accepted: {hint(kind)})"
        )


def _placeholders(source: Source, loc: Loc, ask: str, params: dict[str, Any]) -> list[Problem]:
    try:
        fields = [
            (name, "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
            for _, name, spec, conversion in string.Formatter().parse(ask)
            if name is not None
        ]
    except ValueError as error:
        return [
            _at(source, (*loc, "ask"), f"'ask' has unbalanced braces ({error}); write {{{{ and }}}} for literal braces")
        ]
    problems = []
    used = set()
    for name, field in fields:
        root = name.split(".")[0].split("[")[0]
        used.add(root)
        if spec_too_wide(field.partition(":")[2]):
            problems.append(_at(source, (*loc, "ask"), f"{field} in 'ask' asks for a width over {MAX_FIELD_WIDTH}"))
        if root in params:
            continue
        shown = f"write {{{field}}} to show {field} as it is"
        if root.isidentifier():
            known = ", ".join(params) or "none"
            message = f"placeholder {field} in 'ask' names no param (params: {known}); {shown}"
        else:
            message = f"{field} in 'ask' is read as a {{param}} placeholder; {shown}"
        problems.append(_at(source, (*loc, "ask"), message))
    for name in params:
        if name not in used:
            problems.append(
                _at(
                    source,
                    (*loc, "params", name),
                    f"param '{name}' is not shown in 'ask': the prompt must determine the answer",
                )
            )
    return problems


def _rule(source: Source, loc: Loc, rule: str, params: dict[str, Any], prelude_names: set[str]) -> list[Problem]:
    if not params:
        return [_at(source, (*loc, "rule"), "'rule' needs 'params': it states the answer over their values")]
    try:
        tree = parse_snippet(rule, "eval")
    except SyntaxError:
        return []  # reported by the syntax check
    bound = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    bound |= {arg.arg for node in ast.walk(tree) if isinstance(node, ast.Lambda) for arg in node.args.args}
    known = set(params) | bound | prelude_names | set(dir(builtins))
    unknown = sorted({node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id not in known})
    return [
        _at(source, (*loc, "rule"), f"'rule' names '{name}', which is not a param (params: {', '.join(params)})")
        for name in unknown
    ]


def _at(source: Source, loc: Loc, message: str) -> Problem:
    line, col = source.value_position(loc)
    return Problem(source.path, line, col, message)
