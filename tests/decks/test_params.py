"""Parametric questions: the grid, seeded samples and draws, and filled prompts."""

from __future__ import annotations

import itertools

from quizzer.decks.model import Question
from quizzer.decks.params import draw, fill_ask, grid_size, instance_at, instances


def question(params: dict | None) -> Question:
    ask = " ".join(f"{{{name}}}" for name in params or {}) or "plain"
    return Question(id="q", ask=ask, kind="shape", answer="x", params=params)


def test_grid_is_row_major_over_params_as_written() -> None:
    q = question({"a": [1, 2], "b": ["x", "y", "z"]})
    assert grid_size(q) == 6
    expected = [{"a": a, "b": b} for a, b in itertools.product([1, 2], ["x", "y", "z"])]
    assert [instance_at(q, i) for i in range(6)] == expected
    assert instances(q, cap=10) == expected


def test_large_grid_is_sampled_reproducibly_without_repeats() -> None:
    q = question({"a": list(range(10)), "b": list(range(10)), "c": list(range(10))})
    sample = instances(q, cap=50, seed=7)
    assert len(sample) == 50
    assert len({tuple(i.values()) for i in sample}) == 50
    assert sample == instances(q, cap=50, seed=7)
    assert sample != instances(q, cap=50, seed=8)


def test_draw_depends_only_on_the_seed() -> None:
    q = question({"a": list(range(100))})
    assert draw(q, 3) == draw(q, 3)
    assert len({draw(q, seed)["a"] for seed in range(50)}) > 10


def test_question_without_params_has_one_empty_instance() -> None:
    q = question(None)
    assert grid_size(q) == 1 and instances(q, cap=5) == [{}] and draw(q, 1) == {}
    assert fill_ask(q, {}) == "plain"


def test_fill_ask_writes_values_as_python_prints_them() -> None:
    q = question({"bi": [True], "n": [3]})
    assert fill_ask(q, {"bi": True, "n": 3}) == "True 3"


def test_doubled_braces_show_one_brace_with_or_without_params() -> None:
    plain = Question(id="q", ask="What is len({{'a': 1}})?", kind="int", answer="1")
    assert fill_ask(plain, {}) == "What is len({'a': 1})?"
    param = Question(id="q", ask="{{'n': {n}}}", kind="int", answer="1", params={"n": [2]})
    assert fill_ask(param, {"n": 2}) == "{'n': 2}"
