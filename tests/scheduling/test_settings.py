"""Settings: defaults, the [scheduling] table of config.toml, and errors that name file and key."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from quizzer.scheduling.settings import Settings, SettingsError, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_the_file_is_missing(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "absent.toml")
    assert settings == Settings()
    assert settings.desired_retention == 0.9
    assert settings.learning_steps == (timedelta(minutes=1), timedelta(minutes=10))
    assert settings.relearning_steps == (timedelta(minutes=10),)
    assert settings.maximum_interval_days == 36500
    assert settings.day_starts_at_hour == 4
    assert (settings.new_per_day, settings.reviews_per_day, settings.leech_lapses) == (20, 200, 8)
    assert settings.zone() is None


def test_default_path_is_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "[scheduling]\nnew_per_day = 5\n")
    monkeypatch.setenv("QUIZZER_CONFIG", str(path))
    assert load_settings().new_per_day == 5


def test_values_from_the_table(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[scheduling]\nlearning_steps = ["30s", "1h", "1d"]\nrelearning_steps = []\n'
        'desired_retention = 0.85\ntimezone = "Europe/Paris"\n\n[tui]\ntheme = "textual-dark"\n',
    )
    settings = load_settings(path)
    assert settings.learning_steps == (timedelta(seconds=30), timedelta(hours=1), timedelta(days=1))
    assert settings.relearning_steps == ()
    assert settings.desired_retention == 0.85
    assert str(settings.zone()) == "Europe/Paris"


def test_steps_may_be_given_as_timedeltas() -> None:
    assert Settings(relearning_steps=[timedelta(minutes=5)]).relearning_steps == (timedelta(minutes=5),)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('new_per_day = "many"', "scheduling.new_per_day"),
        ("desired_retention = 1.5", "scheduling.desired_retention"),
        ('learning_steps = ["1m", "10 minutes"]', "scheduling.learning_steps.1"),
        ("day_starts_at_hour = 24", "scheduling.day_starts_at_hour"),
        ('timezone = "Mars/Olympus"', "scheduling.timezone"),
        ("new_cards = 3", "scheduling.new_cards"),
        ('learning_steps = ["100000000d"]', "scheduling.learning_steps.0"),
        ('relearning_steps = ["366d"]', "scheduling.relearning_steps.0"),
        ("maximum_interval_days = 99999999999999999999", "scheduling.maximum_interval_days"),
        ("maximum_interval_days = 36501", "scheduling.maximum_interval_days"),
    ],
)
def test_a_bad_value_names_the_file_and_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path, f"[scheduling]\n{text}\n")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(f"{path}: {key}: ")


def test_a_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[scheduling\n")
    with pytest.raises(SettingsError, match=str(path)):
        load_settings(path)


def test_the_table_must_be_a_table(tmp_path: Path) -> None:
    path = write(tmp_path, "scheduling = 3\n")
    with pytest.raises(SettingsError, match="scheduling: expected a table"):
        load_settings(path)


def test_an_unknown_table_is_named_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "[schedulng]\nnew_per_day = 5\n")
    with pytest.raises(SettingsError, match=r"unknown table \[schedulng\]: did you mean \[scheduling\]\?"):
        load_settings(path)
    assert load_settings(write(tmp_path, '[tui]\ntheme = "x"\n[keys]\n')) == Settings()
