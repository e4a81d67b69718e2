"""The dtype kind: torch's names and aliases, explanations."""

from __future__ import annotations

import pytest

from quizzer.grading import Kind, VerdictStatus, grade, render_truth
from testsupport.builders import dtype


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("float", "float32"), ("torch.float", "float32"), ("float32", "float32"), ("torch.float32", "float32"),
        ("f32", "float32"), ("FP32", "float32"), ("'float32'", "float32"), ("torch.FloatTensor", "float32"),
        ("int", "int32"), ("torch.int", "int32"), ("i32", "int32"),
        ("long", "int64"), ("torch.long", "int64"), ("int64", "int64"), ("i64", "int64"), ("LongTensor", "int64"),
        ("double", "float64"), ("f64", "float64"), ("half", "float16"), ("fp16", "float16"), ("f16", "float16"),
        ("bfloat16", "bfloat16"), ("bf16", "bfloat16"), ("BF16", "bfloat16"),
        ("bool", "bool"), ("torch.bool", "bool"),
        ("uint8", "uint8"), ("byte", "uint8"), ("u8", "uint8"),
        ("int8", "int8"), ("char", "int8"), ("short", "int16"), ("int16", "int16"),
        ("cfloat", "complex64"), ("complex64", "complex64"), ("cdouble", "complex128"), ("complex128", "complex128"),
        ("torch.cuda.HalfTensor", "float16"),
    ],
)  # fmt: skip
def test_aliases_mean_what_torch_means(typed: str, canonical: str) -> None:
    verdict = grade(Kind.DTYPE, typed, dtype(canonical))
    assert verdict.status is VerdictStatus.CORRECT
    assert verdict.answer == canonical


def test_wrong_dtype_names_both() -> None:
    verdict = grade(Kind.DTYPE, "float", dtype("float64"))
    assert verdict.status is VerdictStatus.WRONG
    assert verdict.explanation == "you gave float32; the truth is float64"


@pytest.mark.parametrize("typed", ["np.float32", "numpy.float32", "torch.float"])
def test_numpy_and_torch_qualified_dtypes(typed: str) -> None:
    assert grade(Kind.DTYPE, typed, dtype("float32")).status is VerdictStatus.CORRECT


def test_numpy_meaning_of_float_is_not_torch_meaning() -> None:
    assert grade(Kind.DTYPE, "float", dtype("float64")).status is VerdictStatus.WRONG
    assert grade(Kind.DTYPE, "int", dtype("int64")).status is VerdictStatus.WRONG


@pytest.mark.parametrize("typed", ["float128", "numbers", "torch.Tensor", ""])
def test_unknown_dtypes_are_unparsed(typed: str) -> None:
    verdict = grade(Kind.DTYPE, typed, dtype("float32"))
    assert verdict.status is VerdictStatus.UNPARSED
    assert "float32, torch.long" in verdict.explanation


def test_rendering() -> None:
    assert render_truth(Kind.DTYPE, dtype("int64")) == "int64"
