"""Schema validation of a deck tree, with pydantic's errors turned into located, readable problems."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from quizzer.decks.model import DEVICE_TYPES, Deck, Note, Question, Requires
from quizzer.decks.problems import Problem, did_you_mean
from quizzer.decks.yaml_source import Source
from quizzer.grading.kinds import KIND_NAMES

_CHILD_MODELS: dict[tuple[type[BaseModel], str], type[BaseModel]] = {
    (Deck, "notes"): Note,
    (Note, "questions"): Question,
    (Deck, "requires"): Requires,
    (Note, "requires"): Requires,
    (Question, "requires"): Requires,
}

_TYPE_NAMES = {
    "string_type": "a string",
    "int_type": "an integer",
    "int_parsing": "an integer",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping",
    "list_type": "a list",
    "model_type": "a mapping",
}

_YAML_TYPE_NAMES = {
    "CommentedMap": "a mapping",
    "CommentedSeq": "a list",
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "ScalarFloat": "a number",
    "bool": "a boolean",
    "NoneType": "nothing",
}


def validate(source: Source) -> tuple[Deck | None, list[Problem]]:
    """Validate the tree of ``source`` against the deck model; a Deck, or None and the problems."""
    _expect_as_typed(source)
    try:
        return Deck.model_validate(source.root), []
    except ValidationError as error:
        errors = error.errors()
        misspelt = {
            (tuple(item["loc"][:-1]), suggestion)
            for item in errors
            if item["type"] == "extra_forbidden"
            for suggestion in difflib.get_close_matches(
                str(item["loc"][-1]), _field_names(item["loc"]), n=1, cutoff=0.6
            )
        }
        problems: dict[tuple[int, int, str], Problem] = {}
        for item in errors:
            if item["type"] == "missing" and (tuple(item["loc"][:-1]), item["loc"][-1]) in misspelt:
                continue  # already reported as the misspelt key that should have been this one
            problem = _describe(source, item)
            problems.setdefault((problem.line, problem.col, problem.message), problem)
        return None, list(problems.values())


def _expect_as_typed(source: Source) -> None:
    """Replace non-string ``expect`` scalars by their text as typed (``3.10``, ``true``)."""
    for n, note in enumerate(_as_list(source.root.get("notes"))):
        for q, question in enumerate(_as_list(note.get("questions") if isinstance(note, dict) else None)):
            if not isinstance(question, dict) or "expect" not in question:
                continue
            expect = question["expect"]
            loc: tuple[Any, ...] = ("notes", n, "questions", q, "expect")
            if isinstance(expect, (bool, int, float)):
                question["expect"] = source.raw_scalar(loc)
            elif isinstance(expect, dict):
                for key, value in expect.items():
                    if isinstance(value, (bool, int, float)):
                        expect[key] = source.raw_scalar((*loc, key))


def _field_names(loc: tuple[Any, ...]) -> list[str]:
    return list(_model_and_field(tuple(loc))[0].model_fields)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _model_and_field(loc: tuple[Any, ...]) -> tuple[type[BaseModel], str, tuple[Any, ...]]:
    """The model that owns the last field of ``loc``, that field, and the loc of the model's node."""
    model: type[BaseModel] = Deck
    owner_loc: tuple[Any, ...] = ()
    field = ""
    for index, part in enumerate(loc):
        if not isinstance(part, str) or part not in model.model_fields:
            continue  # list indexes and pydantic's union tags
        field = part
        child = _CHILD_MODELS.get((model, part))
        child_end = index + 2 if index + 1 < len(loc) and isinstance(loc[index + 1], int) else index + 1
        if child is None or child_end >= len(loc):
            break  # the error is about this field itself
        model, owner_loc, field = child, loc[:child_end], ""
    return model, field, owner_loc


def _context(source: Source, model: type[BaseModel], owner_loc: tuple[Any, ...]) -> str:
    node = source.node(owner_loc)
    ident = node.get("id") if isinstance(node, dict) else None
    name = {Deck: "the deck", Note: "note", Question: "question", Requires: "requires"}[model]
    return f"{name} '{ident}'" if isinstance(ident, str) and model in (Note, Question) else name


def _describe(source: Source, item: Any) -> Problem:
    loc = tuple(item["loc"])
    kind = item["type"]
    model, field, owner_loc = _model_and_field(loc)
    context = _context(source, model, owner_loc)
    given = item.get("input")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        line, col = source.key_position(loc)
        hint = did_you_mean(key, model.model_fields)
        message = f"unknown key '{key}' in {context}{hint}"
    elif kind == "missing":
        line, col = source.value_position(owner_loc) if owner_loc else (1, 1)
        message = f"{context} is missing required key '{loc[-1]}'"
    else:
        line, col = source.value_position(loc)
        message = f"{context}: {_value_message(field or str(loc[-1]), kind, item, given)}"
    return Problem(source.path, line, col, message)


def _value_message(field: str, kind: str, item: Any, given: Any) -> str:
    if kind == "literal_error" and field == "kind":
        return f"unknown kind '{given}'{did_you_mean(str(given), KIND_NAMES)}; kinds are {', '.join(KIND_NAMES)}"
    if kind == "literal_error" and field == "device":
        return (
            f"unknown device '{given}'{did_you_mean(str(given), DEVICE_TYPES)}; devices are {', '.join(DEVICE_TYPES)}"
        )
    if kind == "string_pattern_mismatch":
        return f"'{field}' is '{given}': ids use only lower-case letters, digits and dashes ([a-z0-9-]+)"
    if kind == "too_short":
        return f"'{field}' must not be empty"
    if kind == "greater_than":
        return f"'{field}' must be greater than {item['ctx']['gt']}"
    if kind == "value_error":
        return str(item["msg"]).removeprefix("Value error, ")
    if kind in _TYPE_NAMES:
        got = _YAML_TYPE_NAMES.get(type(given).__name__, type(given).__name__)
        what = "a string or a mapping of strings" if field == "expect" else _TYPE_NAMES[kind]
        return f"'{field}' must be {what}, not {got}"
    return f"'{field}': {item['msg']}"
