"""Reading a deck file into a round-trip YAML tree that remembers where every node sits.

Everything here reports problems rather than raising: bytes that are not UTF-8, an empty
file, tab indentation and YAML syntax errors all become ``Problem`` values with the line
and column of the cause (1-based, as editors count).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from quizzer.decks.problems import Problem

MAX_DECK_BYTES = 4 * 2**20  # a deck file larger than this is refused unread (the bundled decks are < 200 KiB)
MAX_EXPANDED = 1_000_000  # values (plus string length / 16) a deck may hold once its *aliases are expanded
_BLOCK_START = re.compile(r"(?:^|[:\-])\s+[|>][-+0-9]*\s*(?:#.*)?$")


@dataclass(frozen=True)
class Source:
    """A parsed deck file: its path, its lines and the round-trip tree."""

    path: Path
    lines: list[str]
    root: Any

    def key_position(self, loc: tuple[Any, ...]) -> tuple[int, int]:
        """1-based (line, col) of the key that ``loc`` ends with, or of the nearest node found."""
        return self._walk(loc, want_key=True)

    def value_position(self, loc: tuple[Any, ...]) -> tuple[int, int]:
        """1-based (line, col) of the value at ``loc``, or of the nearest node found."""
        return self._walk(loc, want_key=False)

    def node(self, loc: tuple[Any, ...]) -> Any:
        """The tree node at ``loc`` (a path of keys and indexes), or None where it is absent."""
        node = self.root
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def snippet_position(self, loc: tuple[Any, ...], line: int, offset: int) -> tuple[int, int]:
        """Where ``line``/``offset`` (1-based, inside the Python text at ``loc``) lie in the file."""
        value_line, value_col = self.value_position(loc)
        node = self.node(loc)
        if isinstance(node, (LiteralScalarString, FoldedScalarString)):
            # Block scalar: content starts on the line after the indicator.
            file_line = value_line + (line if isinstance(node, LiteralScalarString) else 1)
            text = self.lines[file_line - 1] if file_line - 1 < len(self.lines) else ""
            indent = len(text) - len(text.lstrip(" "))
            return file_line, indent + max(offset, 1)
        quote = self.lines[value_line - 1][value_col - 1 : value_col] if value_line - 1 < len(self.lines) else ""
        return value_line, value_col + max(offset, 1) - 1 + (1 if quote in "'\"" and quote else 0)

    def raw_scalar(self, loc: tuple[Any, ...]) -> str:
        """The plain scalar at ``loc`` exactly as typed in the file (``3.10`` stays ``3.10``)."""
        line, col = self.value_position(loc)
        text = self.lines[line - 1][col - 1 :]
        parent = self.node(loc[:-1])
        in_flow = isinstance(parent, (CommentedMap, CommentedSeq)) and parent.fa.flow_style()
        ends = [text.find(" #"), *([text.find(char) for char in ",]}"] if in_flow else [])]
        return text[: min((end for end in ends if end >= 0), default=len(text))].strip()

    def _walk(self, loc: tuple[Any, ...], *, want_key: bool) -> tuple[int, int]:
        node = self.root
        position = (node.lc.line, node.lc.col) if hasattr(node, "lc") else (0, 0)
        for index, part in enumerate(loc):
            last = index == len(loc) - 1
            if isinstance(node, CommentedMap) and part in node:
                position = _known(node.lc.key if (want_key and last) else node.lc.value, part, position)
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                position = _known(node.lc.item, part, position)
                node = node[part]
            # Anything else (a missing key, a pydantic union tag) keeps the last position found.
        return position[0] + 1, position[1] + 1


def _known(lookup: Any, part: Any, fallback: tuple[int, int]) -> tuple[int, int]:
    """Where ruamel saw ``part``; ``fallback`` for a key a ``<<`` merge brought in (ruamel has no position for it)."""
    try:
        found = lookup(part)
    except (KeyError, IndexError, TypeError):
        return fallback
    return (found[0], found[1]) if found is not None else fallback


def read_bytes(path: Path) -> tuple[bytes | None, Problem | None]:
    """The bytes of ``path``, or None and why not; a file over ``MAX_DECK_BYTES`` is refused unread."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_DECK_BYTES + 1)
    except OSError as error:
        return None, Problem(path, 1, 1, f"cannot read file: {error.strerror or error}")
    if len(data) > MAX_DECK_BYTES:
        return None, Problem(path, 1, 1, f"file is larger than {MAX_DECK_BYTES // 2**20} MiB: too large for a deck")
    return data, None


def read_source(path: Path, data: bytes | None = None) -> tuple[Source | None, list[Problem]]:
    """Parse ``data`` (else the bytes of ``path``) as the deck ``path``; the source, or None and the problems."""
    if data is None:
        data, problem = read_bytes(path)
        if data is None:
            return None, [problem] if problem else []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [Problem(path, line, col, f"file is not UTF-8 (byte 0x{data[error.start]:02x})")]
    lines = text.splitlines()
    if not any(line.strip() and not line.lstrip().startswith("#") for line in lines):
        return None, [Problem(path, 1, 1, "file is empty: a deck needs 'deck', 'title' and 'notes'")]
    tabs = [
        Problem(path, number, len(line) - len(line.lstrip(" ")) + 1, "tab in indentation: YAML indents with spaces")
        for number, line in enumerate(lines, start=1)
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]
    ]
    if tabs:
        return None, tabs
    try:
        root = YAML(typ="rt").load(text)
    except MarkedYAMLError as error:
        return None, [_syntax_problem(path, lines, error)]
    except YAMLError as error:
        return None, [Problem(path, 1, 1, f"YAML error: {error}")]
    except (RecursionError, MemoryError):
        return None, [Problem(path, 1, 1, "YAML error: nested too deeply to read")]
    except Exception as error:
        return None, [Problem(path, 1, 1, f"YAML error: {type(error).__name__}: {error}"[:300])]
    if (bomb := _alias_bomb(root)) is not None:
        line, col, size = bomb
        message = f"aliases here expand to more than {MAX_EXPANDED:,} values (at least {size:,}): refused"
        return None, [Problem(path, line, col, message)]
    if not isinstance(root, CommentedMap):
        found = type(root).__name__ if root is not None else "nothing"
        found = {"CommentedSeq": "a list", "str": "a string"}.get(found, found)
        return None, [Problem(path, 1, 1, f"top level must be a mapping with 'deck', 'title' and 'notes', not {found}")]
    return Source(path, lines, root), []


def _alias_bomb(root: Any) -> tuple[int, int, int] | None:
    """Where a tree whose aliases expand past ``MAX_EXPANDED`` grows too large, and how large; None when it does not.

    YAML aliases share one node, so a 1 KiB file can stand for billions of values: every
    later step (validation, the deck cache, params grids) would expand them. Sizes are
    counted once per shared node (linear time); a node that contains itself counts as too large.
    """
    sizes: dict[int, int] = {}

    def size(node: Any, open_nodes: set[int]) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if isinstance(node, str):
            return 1 + len(node) // 16
        if not isinstance(node, (dict, list)):
            return 1
        if key in open_nodes:
            return MAX_EXPANDED + 1  # a recursive alias expands forever
        open_nodes.add(key)
        children = [*node.keys(), *node.values()] if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child, open_nodes)
            if total > MAX_EXPANDED * 2**20:
                break  # already far past the bound: no need to add up astronomically large numbers
        open_nodes.discard(key)
        sizes[key] = total
        return total

    try:
        found = size(root, set())
    except RecursionError:
        found = MAX_EXPANDED + 1
    if found <= MAX_EXPANDED:
        return None
    line, col, node, seen = 1, 1, root, set()
    while isinstance(node, (CommentedMap, CommentedSeq)) and id(node) not in seen:
        seen.add(id(node))  # walk down to the smallest node still over the bound: where the bomb goes off
        items = list(node.items()) if isinstance(node, CommentedMap) else list(enumerate(node))
        over = next(((part, child) for part, child in items if sizes.get(id(child), 0) > MAX_EXPANDED), None)
        if over is None:
            break
        position = node.lc.value(over[0]) if isinstance(node, CommentedMap) else node.lc.item(over[0])
        line, col, node = position[0] + 1, position[1] + 1, over[1]
    return line, col, found


def _syntax_problem(path: Path, lines: list[str], error: MarkedYAMLError) -> Problem:
    """A YAML syntax error where its cause is: an unclosed quote where it opens, not where YAML gave up."""
    what = " ".join(part for part in (error.context, error.problem) if part)
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "quoted scalar" in (error.context or "") and error.context_mark is not None:
        opened = error.context_mark.line + 1, error.context_mark.column + 1
        return Problem(path, *opened, f"YAML syntax error: this quote is never closed ({what})")
    unclosed = _first_unclosed_quote(lines[: line - 1])
    if unclosed is not None:
        message = f"YAML syntax error: this quote is not closed on its line, so YAML read on to line {line}: {what}"
        return Problem(path, *unclosed, message)
    return Problem(path, line, col, f"YAML syntax error: {what}")


def _first_unclosed_quote(lines: list[str]) -> tuple[int, int] | None:
    """1-based (line, col) of the first quoted scalar that does not close on the line where it opens.

    Lines of block scalars (``|`` and ``>``: Python, note text) are skipped.
    """
    block_indent: int | None = None
    for number, text in enumerate(lines, start=1):
        indent = len(text) - len(text.lstrip(" "))
        if block_indent is not None and (not text.strip() or indent > block_indent):
            continue
        block_indent = indent if _BLOCK_START.search(text) else None
        index = 0
        while index < len(text):
            char = text[index]
            if char == "#" and (index == 0 or text[index - 1] in " \t"):
                break  # a comment
            before = text[:index].rstrip()
            if char in "'\"" and (not before or before[-1] in ":-[{,?"):
                end = _closing_quote(text, index)
                if end is None:
                    return number, index + 1
                index = end
            index += 1
    return None


def _closing_quote(text: str, start: int) -> int | None:
    """Index of the quote closing the one at ``start`` ('' and \\" are escapes), or None."""
    quote = text[start]
    index = start + 1
    while index < len(text):
        if quote == '"' and text[index] == "\\":
            index += 2
            continue
        if text[index] == quote:
            if quote == "'" and text[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None
