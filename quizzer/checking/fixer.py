"""`check --fix` / `--create`: rewrite `expect` values in deck files, touching only those lines.

Edits are text splices at positions found by ruamel's round-trip parser, so comments,
quoting, line endings (CRLF too, for inserted lines as well) and a byte order mark stay
byte for byte. After splicing, the text must still load as a deck and differ from the
original only on the edited lines; otherwise nothing is written and the edit is refused
with the reason. The file is written whole (``quizzer.files``): a kill mid-write leaves
the old deck or the new one, never an empty file. A deck that was trusted before the
edit stays trusted: the hash of the bytes written is recorded (``trust.keep_after_rewrite``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from quizzer.decks import trust
from quizzer.decks.loader import load_bytes
from quizzer.files import write_whole


@dataclass(frozen=True)
class ExpectEdit:
    """Set the `expect` of one question: replace the value (or one per-device entry), or add it."""

    path: Path
    note_id: str
    question_id: str
    text: str  # the new expect, as a learner would type it
    key: str | None = None  # the entry of a per-device/version mapping, None for a plain expect


class FixRefused(Exception):
    """An edit that cannot be made safely; the file is left as it was."""


@dataclass(frozen=True)
class _Splice:
    line: int  # 0-based
    start: int  # column where the replaced text starts
    end: int  # column after it
    text: str
    insert: bool = False  # a whole new line after `line`


def apply_edits(edits: list[ExpectEdit]) -> list[Path]:
    """Apply ``edits`` file by file; return the files changed. Raises FixRefused for the first bad file."""
    changed = []
    for path in dict.fromkeys(edit.path for edit in edits):
        if _apply_to_file(path, [edit for edit in edits if edit.path == path]):
            changed.append(path)
    return changed


def yaml_scalar(text: str, *, flow: bool = False) -> str:
    """``text`` as a YAML scalar that reads back as exactly this string: plain when safe, else quoted."""
    unsafe = ",[]{}#" if flow else "#"
    if text and text == text.strip() and not any(ch in text for ch in unsafe) and "\n" not in text:
        try:
            if YAML(typ="safe").load(f"k: {text}") == {"k": text}:
                return text
        except YAMLError:
            pass
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _apply_to_file(path: Path, edits: list[ExpectEdit]) -> bool:
    before = path.read_bytes()
    original = before.decode("utf-8")
    lines = original.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"  # inserted lines end as the file's do
    root = YAML(typ="rt").load(original)
    splices = [_splice_for(root, lines, edit, newline) for edit in edits]
    updated = list(lines)
    for splice in sorted(splices, key=lambda s: (s.line, s.start), reverse=True):
        if splice.insert:
            updated.insert(splice.line + 1, splice.text)
        else:
            row = updated[splice.line]
            updated[splice.line] = row[: splice.start] + splice.text + row[splice.end :]
    new_text = "".join(updated)
    if new_text == original:
        return False
    _verify(path, original, new_text, expected_changes=len({(s.line, s.insert) for s in splices if s.text}))
    trust.keep_after_rewrite(path, before, new_text.encode("utf-8"))
    return True


def _verify(path: Path, original: str, new_text: str, expected_changes: int) -> None:
    """Write ``new_text`` whole, but only when it differs from ``original`` on the edited lines and loads as a deck."""
    diff = [
        line
        for line in difflib.unified_diff(original.splitlines(), new_text.splitlines(), lineterm="", n=0)
        if line.startswith("+") and not line.startswith("+++")
    ]
    if len(diff) > expected_changes:
        raise FixRefused(f"{path}: the edit would change more than the expect lines; fix it by hand")
    data = new_text.encode("utf-8")  # a byte order mark stays: it is part of the text read
    _, problems = load_bytes(path, data)
    if problems:
        raise FixRefused(f"{path}: the edited deck would not load ({problems[0].message}); left unchanged")
    try:
        write_whole(path, data)
    except OSError as error:
        raise FixRefused(f"{path}: cannot write ({error.strerror or error}); left unchanged") from None


def _find_question(root: CommentedMap, edit: ExpectEdit) -> CommentedMap:
    for note in root.get("notes") or []:
        if isinstance(note, dict) and note.get("id") == edit.note_id:
            for question in note.get("questions") or []:
                if isinstance(question, CommentedMap) and question.get("id") == edit.question_id:
                    return question
    raise FixRefused(f"{edit.path}: no question {edit.note_id}/{edit.question_id}")


def _splice_for(root: CommentedMap, lines: list[str], edit: ExpectEdit, newline: str) -> _Splice:
    question = _find_question(root, edit)
    where = f"{edit.path}: {edit.note_id}/{edit.question_id}"
    if "expect" not in question:
        if question.fa.flow_style():
            raise FixRefused(f"{where}: cannot add expect to a one-line {{...}} question; add it by hand")
        line, col = question.lc.key("kind")
        return _Splice(line, 0, 0, " " * col + f"expect: {yaml_scalar(edit.text)}{newline}", insert=True)
    holder, key = (question, "expect") if edit.key is None else (question["expect"], edit.key)
    if not isinstance(holder, CommentedMap) or key not in holder:
        raise FixRefused(f"{where}: expect has no entry '{edit.key}'")
    line, col = holder.lc.value(key)
    flow = holder.fa.flow_style()
    end = _scalar_end(lines[line], col, flow=flow)
    if end is None or not _reads_as(lines[line][col:end], holder[key]):
        raise FixRefused(f"{where}: expect spans several lines; edit it by hand")
    return _Splice(line, col, end, yaml_scalar(edit.text, flow=flow))


def _reads_as(span: str, value: object) -> bool:
    """True when the text ``span`` is the whole scalar ``value`` (not its first line only)."""
    try:
        return str(YAML(typ="safe").load(f"k: {span}")["k"]) == str(value)
    except (YAMLError, TypeError, KeyError):
        return False


def _scalar_end(row: str, col: int, *, flow: bool) -> int | None:
    """Column just after the one-line scalar starting at ``col``; None if it continues on the next line."""
    if col >= len(row.rstrip("\n")):
        return None
    quote = row[col]
    if quote in "'\"":
        index = col + 1
        while index < len(row):
            if quote == '"' and row[index] == "\\":
                index += 2
                continue
            if row[index] == quote:
                if quote == "'" and row[index + 1 : index + 2] == "'":
                    index += 2
                    continue
                return index + 1
            index += 1
        return None
    if row[col] in "|>":
        return None
    stops = [row.find(" #", col)] + ([row.find(ch, col) for ch in ",}]"] if flow else [])
    found = [stop for stop in stops if stop >= 0]
    end = min(found) if found else len(row.rstrip("\r\n"))
    return len(row[:end].rstrip())
