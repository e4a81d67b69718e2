"""Hypothesis fuzzing of the answer parsers: ``grade`` returns a Verdict for any text, never raises.

For every kind but ``code`` (graded from trial runs, see ``grade_code``), ``grade(kind,
text, truth, choices=..., judging=...)`` is called with representative truths of
that kind (the outcome shapes a worker sends back: sizes, dtypes, numbers, tensors with
nan/inf and 0-d/empty ones, literals, strings, exceptions), truths of other kinds, and
truths that never ran; the answer text is random unicode (surrogates included), text
shaped like answers, a right answer's rendering mutated a little, or something built to
hurt a parser (deep brackets and deeply nested Python, huge numbers, format specs asking
for huge widths, 100k characters). The result must be a
``Verdict`` with a known status; its dict form and the suggested rating must work too.
``parse_code`` (the code kind's parser) gets the same texts and must return the
expression or an ``unparsed`` verdict.

Examples per run: $QUIZZER_FUZZ_EXAMPLES (default 200), as tests/reliability/test_fuzz_answers.py
runs it; the benchmark runs 10,000 through ``fuzz_answers``.
"""

from __future__ import annotations

import math
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzer.grading import Judging, Kind, Verdict, VerdictStatus, grade, parse_code, render_truth, suggest_rating
from quizzer.grading.literals import MAX_CHARS
from quizzer.outcome import Outcome, Status
from testsupport.builders import (
    dtype,
    exceptions,
    failed,
    literal,
    literals,
    number,
    raised,
    shape,
    tensor,
    tensors,
    text,
)

EXAMPLES = int(os.environ.get("QUIZZER_FUZZ_EXAMPLES", "200"))
GRADED_KINDS = [kind for kind in Kind if kind is not Kind.CODE]
CHOICES = [
    ["torch.stack", "torch.cat"],
    ["1", "2", "3"],
    ["True", "False"],
    ["float32", "(2, 3)", "raises RuntimeError"],
    ["a"] * 2,
    ["é", "\U0001f600", ""],
]

REPRESENTATIVE: dict[Kind, list[Outcome]] = {
    Kind.SHAPE: [shape(2, 3), shape(), shape(0), shape(1, 2, 3, 4, 5), shape(2**40)],
    Kind.DTYPE: [dtype("float32"), dtype("bfloat16"), dtype("int64"), dtype("bool"), dtype("complex64")],
    Kind.BOOL: [number(True), number(False)],
    Kind.INT: [number(3), number(-1), number(0), number(10**30)],
    Kind.FLOAT: [number(0.5), number(math.nan), number(math.inf), number(-0.0), number(1e-300), number(1 / 3)],
    Kind.TENSOR: [
        tensor([[1.0, 2.0], [3.0, math.nan]]),
        tensor(2.5, shape_=()),
        tensor([], shape_=(0,)),
        tensor([1, 2, 3], "int64"),
        tensor([True, False], "bool"),
        tensor([complex(1, -1)], "complex64"),
        tensor(None, "float16", (1000, 1000), truncated=True),
        tensor([math.inf, -math.inf], "bfloat16"),
    ],
    Kind.VALUE: [
        literal((1, 2)),
        literal([1.5, None]),
        literal({"a": 1}),
        text("x"),
        number(7),
        literal(set()),
        literal(((),)),
        number(math.nan),
    ],
    Kind.STR: [text("MulBackward0"), text(""), text("ünï \U0001f600"), text("'quoted'"), text("a\nb")],
    Kind.EXCEPTION: [
        raised("RuntimeError", "mat1 and mat2 shapes cannot be multiplied"),
        raised("IndexError"),
        raised("torch.OutOfMemoryError", "CUDA out of memory"),
        number(1),
        shape(2),
    ],
    Kind.CHOICE: [
        text("torch.cat"),
        number(2),
        number(99),
        number(True),
        dtype("float32"),
        shape(2, 3),
        raised("RuntimeError"),
    ],
    Kind.RECALL: [text("On the CPU, in page-locked memory."), number(3)],
}
NO_TRUTH = [
    failed(Status.TIMEOUT, "ran past 10 s"),
    failed(Status.CRASHED, "SIGSEGV"),
    failed(Status.OUT_OF_MEMORY),
    failed(Status.OUTPUT_TOO_LARGE),
]
ANY_TRUTH = [truth for truths in REPRESENTATIVE.values() for truth in truths]


def _deep(depth: int, opening: str, closing: str, inner: str = "1") -> str:
    return opening * depth + inner + closing * depth


hurtful = st.one_of(
    st.integers(1, 5000).flatmap(
        lambda n: st.sampled_from(
            [
                _deep(n, "[", "]"),
                _deep(n, "(", ")"),
                _deep(n, "(", ",)"),
                _deep(n, "tensor(", ")"),
                _deep(n, "{1: ", "}"),
                "-" * n + "1",
                "~" * n + "1",
                "not " * n + "x",
                "x" + "[0]" * n,
                "lambda: " * n + "1",
                "f(" * n + ")" * n,
                "{0:>" + "9" * min(n, 40) + "}",
            ]
        )
    ),
    st.integers(1, 200_000).map(lambda n: "9" * n),
    st.sampled_from(
        [
            "1e999999",
            "-1e-999999",
            "1" + "0" * 5000 + ".5",
            "0x" + "f" * 400,
            "1/0",
            "0/0",
            "2**10**10",
            "10**10**10",
            "1j**1j",
            "nanj",
            "inf-infj",
            "torch.Size([" + "1, " * 5000 + "])",
            "\x00",
            "\ufeff",
            "\u202e(3, 2)",
            "(2,\u00a03)",
            "２x３",
            "torch.float",
            "Tensor",
            "NoneType",
            "...",
            "Ellipsis",
            "__import__('os')",
            "lambda: 1",
            "f'{1}'",
            "f'{1:>3000000000}'",
            "'{:>3000000000}'.format(1)",
            "{n:>3000000000}",
            "%3000000000d",
            "b'x'",
            "{**{}}",
            "[*()]",
            "(yield)",
            "tensor([1.], dtype=torch.quint8)",
            "tensor([1.], size=(-1,))",
            "tensor([], size=(10**10, 10**10))",
            "tensor(1., dtype=torch.float32, grad_fn=<x>)",
            "Parameter containing:\ntensor([1.])",
            "RuntimeError: x",
            "raises",
            "no exception",
            "option 0",
            "#2",
            "(99)",
        ]
    ),
    st.just("x" * (MAX_CHARS + 1)),
)
answer_like = st.from_regex(
    r"\s?(torch\.)?(Size|tensor|float|int|bool|nan|inf|True|False|None|[0-9]{1,4}|[-+.,()\[\]{}:'\"xe/j ]){0,12}\s?",
    fullmatch=True,
)
any_text = st.one_of(
    st.text(max_size=60),
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF) | st.characters(), max_size=20),
    answer_like,
    hurtful,
)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Kind, Outcome | None, list[str] | None, Judging, str]:
    """(kind, truth, choices, judging settings, answer text)."""
    kind = draw(st.sampled_from(GRADED_KINDS))
    own: list[st.SearchStrategy[Any]] = [st.sampled_from(REPRESENTATIVE[kind])]
    if kind in (Kind.TENSOR, Kind.VALUE, Kind.CHOICE):
        own += [tensors(), literals.map(literal)]
    if kind in (Kind.EXCEPTION, Kind.CHOICE):
        own.append(exceptions)
    others = st.one_of(st.sampled_from(ANY_TRUTH), st.sampled_from(NO_TRUTH), st.none())
    truth = draw(st.one_of(*own) if draw(st.integers(0, 9)) < 7 else others)  # mostly a truth of the kind
    choices = (
        draw(st.one_of(st.sampled_from(CHOICES), st.lists(st.text(max_size=12), max_size=5)))
        if kind is Kind.CHOICE
        else draw(st.one_of(st.none(), st.sampled_from(CHOICES)))
    )
    typed = draw(st.one_of(any_text, _mutated_rendering(kind, truth, choices)))
    judging = Judging(
        draw(st.one_of(st.none(), st.integers(0, 6))), draw(st.booleans()), draw(st.booleans()), draw(st.booleans())
    )
    return kind, truth, choices, judging, typed


def _mutated_rendering(kind: Kind, truth: Outcome | None, choices: list[str] | None) -> st.SearchStrategy[str]:
    try:
        rendered = render_truth(kind, truth, choices=choices) or ""
    except Exception:
        rendered = ""

    @st.composite
    def mutate(draw: st.DrawFn) -> str:
        result = rendered
        for _ in range(draw(st.integers(0, 3))):
            at = draw(st.integers(0, len(result)))
            edit = draw(st.sampled_from(["insert", "delete", "double"]))
            if edit == "insert":
                result = (
                    result[:at]
                    + draw(st.sampled_from([*list("()[],.-+e j'\"x0"), draw(st.characters())]))
                    + result[at:]
                )
            elif edit == "delete":
                result = result[:at] + result[at + 1 :]
            else:
                result = result[:at] + result[at:] * 2
        return result

    return mutate()


def check_case(kind: Kind, truth: Outcome | None, choices: list[str] | None, judging: Judging, typed: str) -> Verdict:
    """Grade one answer; anything but a well-formed Verdict fails."""
    verdict = grade(kind, typed, truth, choices=choices, judging=judging)
    assert isinstance(verdict, Verdict), verdict
    assert isinstance(verdict.status, VerdictStatus)
    assert isinstance(verdict.explanation, str) and isinstance(verdict.answer, str)
    assert Verdict.from_dict(verdict.to_dict()) == verdict
    suggest_rating(verdict, 3.0)
    code = parse_code(typed)
    assert isinstance(code, str) or (isinstance(code, Verdict) and code.status is VerdictStatus.UNPARSED), code
    return verdict


def fuzz_answers(
    examples: int = EXAMPLES, *, database: bool = True, counts: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Run ``examples`` hypothesis examples through ``grade``; returns counts by verdict (raises on a failure).

    ``counts``: a dict to fill in as examples run (still there when a failure raises).
    """
    counts = counts if counts is not None else {}
    counts.update({"examples": 0, "verdicts": {}})

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        **({} if database else {"database": None}),
    )
    @given(cases())
    def property_(case: tuple[Kind, Outcome | None, list[str] | None, bool, str]) -> None:
        verdict = check_case(*case)
        counts["examples"] += 1
        counts["verdicts"][verdict.status.value] = counts["verdicts"].get(verdict.status.value, 0) + 1

    property_()
    return counts
