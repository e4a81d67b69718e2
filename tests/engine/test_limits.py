"""parse_size: the sizes people type for a memory cap."""

from __future__ import annotations

import pytest

from quizzer.engine import parse_size


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100000", 100_000),
        ("0", 0),
        (4096, 4096),
        ("512M", 512 * 2**20),
        ("512mb", 512 * 2**20),
        ("2G", 2 * 2**30),
        ("2 GiB", 2 * 2**30),
        ("1.5GiB", 3 * 2**29),
        (".5k", 512),
        ("1T", 2**40),
        ("10b", 10),
    ],
)
def test_parse_size_accepts_numbers_and_binary_units(text: str | int, expected: int) -> None:
    assert parse_size(text) == expected


@pytest.mark.parametrize("text", ["", "G", "2X", "-1G", "1e3", "two gigs", "1.5.2M", "nanG", -5, True])
def test_parse_size_rejects_junk_with_a_clear_message(text: str | int) -> None:
    with pytest.raises(ValueError, match="invalid size"):
        parse_size(text)
