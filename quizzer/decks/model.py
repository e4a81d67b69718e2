"""The deck format as pydantic models: the single source of the JSON Schema and of validation.

A deck holds notes; a note holds questions. docs/deck-format.md documents every field.
Models are frozen: a loaded deck is a value. The loader attaches where each
deck and question sits in its file (``Deck.path``, ``Question.line``) for reports,
``check --fix`` and the TUI's edit action.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, WithJsonSchema, field_validator

from quizzer.grading.judging import Judging
from quizzer.grading.kinds import KIND_NAMES

ID_PATTERN = r"^[a-z0-9-]+$"
_ID_RE = re.compile(ID_PATTERN)
DEVICE_TYPES = ("cpu", "cuda", "mps")

Id = Annotated[str, Field(pattern=ID_PATTERN, description="lower-case letters, digits and dashes")]
Scalar = int | float | bool | str | None
ParamValue = Scalar | list[Any]


def _as_text(value: Any) -> Any:
    """Numbers and booleans written without quotes are answers too (the loader keeps their text)."""
    return str(value) if isinstance(value, (bool, int, float)) else value


ExpectText = Annotated[str, BeforeValidator(_as_text), WithJsonSchema({"type": ["string", "number", "boolean"]})]
Expect = ExpectText | dict[str, ExpectText]


def is_valid_id(text: str) -> bool:
    """True when ``text`` is a valid deck, note or question id."""
    return bool(_ID_RE.match(text))


def _check_specifier(spec: str) -> str:
    try:
        SpecifierSet(spec)
    except InvalidSpecifier:
        raise ValueError(f"'{spec}' is not a PEP 440 version specifier such as '>=2.0'") from None
    return spec


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Requires(_Strict):
    """Conditions under which a question applies; unmet ones skip it with the reason."""

    device: Literal["cpu", "cuda", "mps"] | None = Field(None, description="device type the question needs")
    torch: str | None = Field(None, description="PEP 440 specifier on torch's version, e.g. '>=2.0'")

    _spec = field_validator("torch")(lambda cls, v: v if v is None else _check_specifier(v))

    def merged(self, inner: Requires | None) -> Requires:
        """These requirements overridden field by field by ``inner`` (a note's or question's)."""
        if inner is None:
            return self
        return Requires(device=inner.device or self.device, torch=inner.torch or self.torch)


class JudgeSettings(_Strict):
    """How a question's answers are compared, when its lesson needs more than the forgiving defaults."""

    decimals: int | None = Field(
        None,
        ge=0,
        le=15,
        description="int, float, tensor, value: numbers must round to the truth at this many decimals",
    )
    dtype: bool = Field(False, description="tensor: the typed tensor's dtype must be the truth's")
    container: bool = Field(False, description="value: a list for a tuple (or the reverse) is wrong")
    whitespace: bool | None = Field(
        None, description="str, choice: ignore all spacing in the text (default: on for choice, off for str)"
    )
    trials: int | None = Field(None, ge=3, le=32, description="code: how many instances an answer is judged on")

    def judging(self) -> Judging:
        """The grader's form of these settings."""
        return Judging(self.decimals, self.dtype, self.container, self.whitespace)


JUDGE_KINDS: dict[str, tuple[str, ...]] = {
    "decimals": ("int", "float", "tensor", "value"),
    "dtype": ("tensor",),
    "container": ("value",),
    "whitespace": ("str", "choice"),
    "trials": ("code",),
}


class Question(_Strict):
    """One question: a prompt, a snippet whose outcome is the truth, and how to grade it."""

    id: Id
    ask: str = Field(description="the question; {name} placeholders are filled from params")
    kind: Literal[KIND_NAMES] = Field(description="how the typed answer is parsed and compared")  # type: ignore[valid-type]
    setup: str = Field("", description="Python run after the prelude, with `device` and the params defined")
    answer: str | None = Field(None, description="expression whose value, or raised exception, is the truth")
    expect: Expect | None = Field(
        None,
        description="the deck's claimed answer as a learner would type it; a mapping gives it per device "
        "or torch version: {default: ..., cuda: ..., 'torch<2.0': ...}",
    )
    params: dict[str, list[ParamValue]] | None = Field(
        None, description="name -> values; each review draws one instance of the grid"
    )
    rule: str | None = Field(None, description="expression over params stating the note's rule")
    requires: Requires | None = None
    choices: list[str] | None = Field(None, description="options shown for kind: choice")
    judge: JudgeSettings | None = Field(None, description="what the comparison counts (docs/answers.md)")
    timeout: float | None = Field(None, gt=0, description="seconds this question may run (overrides --timeout)")
    tags: list[str] = Field(default_factory=list)
    was: list[str] = Field(
        default_factory=list, description="earlier ids of this question (id, note/id or deck/note/id)"
    )

    _line: int = PrivateAttr(0)

    @property
    def judging(self) -> Judging:
        """The grader's settings for this question (the forgiving defaults without ``judge``)."""
        return self.judge.judging() if self.judge else Judging()

    @property
    def line(self) -> int:
        """1-based line of this question in its deck file (0 when not loaded from a file)."""
        return self._line

    @field_validator("expect")
    @classmethod
    def _expect_keys(cls, value: Expect | None) -> Expect | None:
        if isinstance(value, dict):
            for key in value:
                if key == "default" or key in DEVICE_TYPES:
                    continue
                if key.startswith("torch"):
                    _check_specifier(key[len("torch") :])
                    continue
                raise ValueError(
                    f"expect key '{key}' is not default, a device ({', '.join(DEVICE_TYPES)}) or torch<spec>"
                )
        return value

    @field_validator("params")
    @classmethod
    def _params_not_empty(cls, value: dict[str, list[ParamValue]] | None) -> dict[str, list[ParamValue]] | None:
        for name, values in (value or {}).items():
            if not name.isidentifier():
                raise ValueError(f"param name '{name}' is not a Python identifier")
            if not values:
                raise ValueError(f"param '{name}' has no values")
        return value


class Note(_Strict):
    """A fact worth remembering, with the questions that test it."""

    id: Id
    title: str
    text: str = Field("", description="the note itself, shown after answering")
    source: str | None = Field(None, description="where the note comes from")
    tags: list[str] = Field(default_factory=list)
    requires: Requires | None = None
    questions: list[Question] = Field(min_length=1)


class Deck(_Strict):
    """A deck file: shared prelude and requirements, and its notes."""

    deck: Id = Field(description="deck id")
    title: str
    description: str = ""
    requires: Requires | None = None
    prelude: str = Field("", description="Python run before every question of the deck")
    notes: list[Note] = Field(min_length=1)

    _path: Path | None = PrivateAttr(None)
    _sha256: str | None = PrivateAttr(None)

    @property
    def path(self) -> Path | None:
        """The file this deck was loaded from."""
        return self._path

    @property
    def sha256(self) -> str | None:
        """SHA-256 of the very bytes this deck was parsed from: what trust is decided on (``quizzer.decks.trust``)."""
        return self._sha256

    def questions(self) -> Iterator[tuple[Note, Question]]:
        """Every (note, question) pair, in file order."""
        for note in self.notes:
            for question in note.questions:
                yield note, question

    def question_id(self, note: Note, question: Question) -> str:
        """The card identity ``deck/note/question``."""
        return f"{self.deck}/{note.id}/{question.id}"

    def requirements(self, note: Note, question: Question) -> Requires:
        """The effective requirements of a question: deck, then note, then question."""
        return (self.requires or Requires(device=None, torch=None)).merged(note.requires).merged(question.requires)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a deck file, for editors (yaml-language-server) and `quizzer schema`."""
    schema = Deck.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "quizzer deck"
    return schema
