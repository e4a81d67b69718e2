"""The TUI's own settings in config.toml: a theme and key remaps by binding id.

Example::

    [tui]
    theme = "nord"

    [keys]                      # binding id = keys (comma-separated); `F1` lists the ids
    "review.suspend" = "S"
    "review.skip" = "k,ctrl+n"

A missing file or table gives the defaults; a bad value raises ``TuiConfigError``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_THEME = "quizzer"


class TuiConfigError(ValueError):
    """The [tui] or [keys] table of the config file holds a bad value (the message names file and key)."""


@dataclass(frozen=True)
class TuiConfig:
    """The theme to start with and the key remaps."""

    theme: str = DEFAULT_THEME
    keymap: dict[str, str] = field(default_factory=dict)


def load_tui_config(path: Path) -> TuiConfig:
    """Read the [tui] and [keys] tables of ``path``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return TuiConfig()
    except (OSError, tomllib.TOMLDecodeError) as bad:
        raise TuiConfigError(f"{path}: {bad}") from None
    tui, keys = data.get("tui", {}), data.get("keys", {})
    if not isinstance(tui, dict) or not isinstance(keys, dict):
        raise TuiConfigError(f"{path}: [tui] and [keys] must be tables")
    theme = tui.get("theme", DEFAULT_THEME)
    if not isinstance(theme, str):
        raise TuiConfigError(f"{path}: tui.theme must be a string")
    for binding_id, value in keys.items():
        if not isinstance(value, str) or not value.strip():
            raise TuiConfigError(f'{path}: keys.{binding_id} must be a string of keys such as "s" or "k,ctrl+n"')
    return TuiConfig(theme, dict(keys))
