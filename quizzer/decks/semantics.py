"""Checks beyond the schema: duplicate ids, Python syntax, placeholders, rules, kind-specific fields.

They read the raw YAML tree, not the validated model, so that a deck with a type error
somewhere still gets every other problem reported in the same run.
"""

from __future__ import annotations

import ast
import builtins
import string
from collections.abc import Iterator
from typing import Any

from quizzer.decks.model import is_valid_id
from quizzer.decks.problems import Problem
from quizzer.decks.yaml_source import Source
from quizzer.grading.kinds import Kind

Loc = tuple[Any, ...]


def check(source: Source) -> list[Problem]:
    """Every semantic problem of the deck in ``source``."""
    root = source.root
    problems: list[Problem] = []
    prelude_names: set[str] = set()
    if isinstance(root.get("prelude"), str):
        problems += _python(source, ("prelude",), "exec")
        prelude_names = _assigned_names(root["prelude"])
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
    if isinstance(question.get("ask"), str):
        problems += _placeholders(source, loc, question["ask"], params)
    if isinstance(question.get("rule"), str):
        problems += _rule(source, loc, question["rule"], params, prelude_names)
    was = question.get("was")
    for index, earlier in enumerate(was if isinstance(was, list) else []):
        parts = earlier.split("/") if isinstance(earlier, str) else []
        if parts and not (len(parts) <= 3 and all(is_valid_id(part) for part in parts)):
            problems.append(_at(source, (*loc, "was", index), f"'{earlier}' is not an id, note/id or deck/note/id"))
    return problems


def _python(source: Source, loc: Loc, mode: str) -> list[Problem]:
    text = source.node(loc)
    field = loc[-1]
    try:
        ast.parse(text, mode=mode)
    except SyntaxError as error:
        if mode == "eval":
            try:
                ast.parse(text, mode="exec")
            except SyntaxError:
                pass
            else:
                return [_at(source, loc, f"'{field}' must be an expression, not statements; put statements in 'setup'")]
        line, col = source.snippet_position(loc, error.lineno or 1, error.offset or 1)
        return [Problem(source.path, line, col, f"Python syntax error in '{field}': {error.msg}")]
    return []


def _placeholders(source: Source, loc: Loc, ask: str, params: dict[str, Any]) -> list[Problem]:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(ask) if name is not None]
    except ValueError as error:
        return [
            _at(source, (*loc, "ask"), f"'ask' has unbalanced braces ({error}); write {{{{ and }}}} for literal braces")
        ]
    problems = []
    used = set()
    for name in fields:
        root = name.split(".")[0].split("[")[0]
        used.add(root)
        if root not in params:
            known = ", ".join(params) or "none"
            problems.append(
                _at(source, (*loc, "ask"), f"placeholder {{{name}}} in 'ask' names no param (params: {known})")
            )
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
        tree = ast.parse(rule, mode="eval")
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


def _assigned_names(code: str) -> set[str]:
    """Names a prelude defines at top level (imports, assignments, defs)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        else:
            names |= {t.id for t in ast.walk(node) if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store)}
    return names


def _at(source: Source, loc: Loc, message: str) -> Problem:
    line, col = source.value_position(loc)
    return Problem(source.path, line, col, message)
