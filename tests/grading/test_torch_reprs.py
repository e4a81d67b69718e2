"""Real torch reprs grade correct against the truths a worker would build from them.

Torch is used here only to produce genuine reprs; the grader itself never imports it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzer.grading import Judging, Kind, VerdictStatus, grade
from quizzer.grading.dtypes import canonical_dtype
from quizzer.outcome import TensorData
from testsupport.builders import PROPERTY, value

torch = pytest.importorskip("torch")

DTYPES = ["float16", "bfloat16", "float32", "float64", "int32", "int64", "uint8", "bool", "complex64", "complex128"]
NUMBERS = st.one_of(
    st.floats(-1e4, 1e4),
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.sampled_from([1 / 3, 2 / 3, -0.0, 1e-7, 1e9, 123456789.0]),
)


def _outcome(t: object) -> object:
    """The VALUE outcome a worker would build for tensor ``t``."""
    values = t.tolist()  # type: ignore[attr-defined]
    if t.is_complex():  # type: ignore[attr-defined]
        values = _pairs(values)
    data = TensorData(tuple(t.shape), str(t.dtype).removeprefix("torch."), str(t.device), t.requires_grad, values)  # type: ignore[attr-defined]
    return value("tensor", repr(t), data, "torch.Tensor")


def _pairs(values: object) -> object:
    if isinstance(values, list):
        return [_pairs(v) for v in values]
    return [values.real, values.imag]  # type: ignore[attr-defined]


@st.composite
def torch_tensors(draw: st.DrawFn) -> object:
    name = draw(st.sampled_from(DTYPES))
    dims = draw(st.lists(st.integers(0, 4), max_size=3))
    count = 1
    for d in dims:
        count *= d
    flat = draw(st.lists(NUMBERS, min_size=count, max_size=count))
    base = torch.tensor(flat, dtype=torch.float64).reshape(dims)
    if name.startswith("complex"):
        imag = torch.tensor(draw(st.lists(NUMBERS, min_size=count, max_size=count)), dtype=torch.float64)
        return torch.complex(base, imag.reshape(dims)).to(getattr(torch, name))
    if name in ("int32", "int64", "uint8", "bool"):
        base = torch.nan_to_num(base, nan=0.0, posinf=7.0, neginf=-7.0).clamp(-1000, 1000)
        if name == "uint8":
            base = base.abs()
    tensor = base.to(getattr(torch, name))
    if tensor.is_floating_point() and draw(st.booleans()):
        tensor = tensor.requires_grad_() * 1  # the repr gains grad_fn=<MulBackward0>
    return tensor


@PROPERTY
@given(torch_tensors())
def test_tensor_reprs(t: object) -> None:
    truth = _outcome(t)
    for compare_dtype in (False, True):
        verdict = grade(Kind.TENSOR, repr(t), truth, judging=Judging(dtype=compare_dtype))  # type: ignore[arg-type]
        assert verdict.status is VerdictStatus.CORRECT, (repr(t), verdict)


@PROPERTY
@given(
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.sampled_from(["float16", "bfloat16", "float32", "float64"]),
)
def test_zero_d_tensor_reprs_as_floats(x: float, name: str) -> None:
    t = torch.tensor(x, dtype=getattr(torch, name))
    assert grade(Kind.FLOAT, repr(t), _outcome(t)).status is VerdictStatus.CORRECT  # type: ignore[arg-type]


def test_size_and_dtype_reprs() -> None:
    size = torch.zeros(2, 1, 3).shape
    assert grade(Kind.SHAPE, repr(size), value("shape", repr(size), list(size))).status is VerdictStatus.CORRECT
    for name in dir(torch):
        dt = getattr(torch, name)
        if isinstance(dt, torch.dtype):
            canonical = str(dt).removeprefix("torch.")
            assert canonical_dtype(f"torch.{name}") == canonical, name
            assert canonical_dtype(name) == canonical, name


def test_grading_does_not_import_torch() -> None:
    code = "import sys, quizzer.grading; sys.exit('torch' in sys.modules or 'numpy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
