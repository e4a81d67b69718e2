"""Scheduling settings: typed, with defaults, read from the `[scheduling]` table of config.toml.

Example::

    [scheduling]
    desired_retention = 0.9
    learning_steps = ["1m", "10m"]      # s, m, h or d
    relearning_steps = ["10m"]
    maximum_interval_days = 36500
    day_starts_at_hour = 4              # local time; a study day runs from 4 am to 4 am
    new_per_day = 20
    reviews_per_day = 200
    leech_lapses = 8
    timezone = "Europe/Paris"           # optional; the system's local time when absent

A missing file or table gives the defaults; a bad file raises ``SettingsError`` naming
the file and the key, and so does a table quizzer does not read (a typo such as
``[schedulng]`` would otherwise drop the settings silently).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from datetime import timedelta, tzinfo
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from quizzer.paths import config_file

TABLE = "scheduling"
CONFIG_TABLES = ("keys", "scheduling", "tui")  # every table of config.toml quizzer reads ([tui], [keys]: the TUI's)
_STEP_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_STEP_DAYS = 365
MAX_INTERVAL_DAYS = 36500  # a hundred years, Anki's ceiling too: dates stay within what datetime holds


class SettingsError(ValueError):
    """The config file cannot be read or holds an invalid value (the message names file and key)."""


def parse_step(text: Any) -> timedelta:
    """A learning step written as ``30s``, ``10m``, ``1h`` or ``1d`` (a timedelta passes through)."""
    if isinstance(text, timedelta) and text > timedelta(0):
        return text
    match = _STEP_RE.match(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"{text!r} is not a step such as '1m', '10m', '1h' or '1d'")
    seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds <= 0:
        raise ValueError(f"step {text!r} must be longer than zero")
    if seconds > MAX_STEP_DAYS * _UNIT_SECONDS["d"]:
        raise ValueError(f"step {text!r} is longer than {MAX_STEP_DAYS} days; learning steps are minutes to days")
    return timedelta(seconds=seconds)


Step = Annotated[timedelta, BeforeValidator(parse_step)]


class Settings(BaseModel):
    """How reviews are scheduled; every field has the default quizzer ships with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    desired_retention: float = Field(
        default=0.9, gt=0, lt=1, description="target probability of recall at the due date"
    )
    learning_steps: tuple[Step, ...] = Field(
        default=(timedelta(minutes=1), timedelta(minutes=10)), description="steps of a new card"
    )
    relearning_steps: tuple[Step, ...] = Field(default=(timedelta(minutes=10),), description="steps after a lapse")
    maximum_interval_days: int = Field(
        default=MAX_INTERVAL_DAYS, ge=1, le=MAX_INTERVAL_DAYS, description="longest interval in days"
    )
    day_starts_at_hour: int = Field(default=4, ge=0, le=23, description="local hour at which a study day starts")
    new_per_day: int = Field(default=20, ge=0, description="new cards introduced per study day")
    reviews_per_day: int = Field(default=200, ge=0, description="review-state answers per study day")
    leech_lapses: int = Field(default=8, ge=1, description="lapses at which a card becomes a leech")
    timezone: str | None = Field(default=None, description="IANA zone of the study day; None is the system's")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {value!r}") from None
        return value

    def zone(self) -> tzinfo | None:
        """The study day's time zone, or None for the system's local time."""
        return ZoneInfo(self.timezone) if self.timezone else None


def load_settings(path: Path | None = None) -> Settings:
    """Settings from ``path`` (default: ``quizzer.paths.config_file()``); defaults when absent."""
    path = path or config_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: {exc}") from None
    for name in data:
        if name not in CONFIG_TABLES:
            close = difflib.get_close_matches(name, CONFIG_TABLES, n=1)
            hint = f"did you mean [{close[0]}]? " if close else ""
            known = ", ".join(f"[{known}]" for known in CONFIG_TABLES)
            raise SettingsError(f"{path}: unknown table [{name}]: {hint}quizzer reads {known}")
    table = data.get(TABLE, {})
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: {TABLE}: expected a table, got {type(table).__name__}")
    try:
        return Settings.model_validate(table)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in (TABLE, *first["loc"]))
        raise SettingsError(f"{path}: {key}: {first['msg']}") from None
