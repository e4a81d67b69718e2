"""Value summaries: what a worker reports for each kind of answer."""

from __future__ import annotations

import ast
import json
import math

import pytest

from quizzer.engine import TENSOR_VALUES_MAX, WorkerPool
from quizzer.outcome import Outcome, Status, ValueType

from .helpers import job, run

STR = "builtins.str"


def _value(outcome: Outcome):
    assert outcome.status is Status.VALUE, outcome
    assert outcome.value is not None
    return outcome.value


@pytest.mark.parametrize(
    ("answer", "vtype", "repr_", "data", "type_name"),
    [
        ("torch.zeros(2, 3).shape", ValueType.SHAPE, "torch.Size([2, 3])", [2, 3], "torch.Size"),
        ("torch.zeros(()).shape", ValueType.SHAPE, "torch.Size([])", [], "torch.Size"),
        ("torch.ones(2).dtype", ValueType.DTYPE, "torch.float32", "float32", "torch.dtype"),
        ("torch.long", ValueType.DTYPE, "torch.int64", "int64", "torch.dtype"),
        ("torch.ones(1).device", ValueType.DEVICE, "device(type='cpu')", "cpu", "torch.device"),
        ("torch.ones(2).is_leaf", ValueType.BOOL, "True", True, "builtins.bool"),
        ("torch.ones(2, 3).numel()", ValueType.INT, "6", 6, "builtins.int"),
        ("torch.ones(3).sum().item()", ValueType.FLOAT, "3.0", 3.0, "builtins.float"),
        ("complex(1, -2)", ValueType.COMPLEX, "(1-2j)", [1.0, -2.0], "builtins.complex"),
        ("type(torch.ones(1, requires_grad=True) * 2).__name__", ValueType.STR, "'Tensor'", "Tensor", STR),
        (
            "(torch.ones(1, requires_grad=True) * 2).grad_fn.name()",
            ValueType.STR,
            "'MulBackward0'",
            "MulBackward0",
            STR,
        ),
        ("None", ValueType.NONE, "None", None, "builtins.NoneType"),
        ("np.int64(3)", ValueType.INT, "np.int64(3)", 3, "numpy.int64"),
        ("np.float32(0.5)", ValueType.FLOAT, "np.float32(0.5)", 0.5, "numpy.float32"),
        ("np.bool_(False)", ValueType.BOOL, "np.False_", False, "numpy.bool"),
    ],
)
def test_scalars_shapes_dtypes_devices(
    pool: WorkerPool, answer: str, vtype: ValueType, repr_: str, data: object, type_name: str
) -> None:
    value = _value(run(pool, answer))
    assert (value.type, value.repr, value.data, value.type_name) == (vtype, repr_, data, type_name)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("[1, 2.5, 'a', None, True]", [1, 2.5, "a", None, True]),
        ("(1, (2, 3))", (1, (2, 3))),
        ("{'a': [1, 2], 3: (4,)}", {"a": [1, 2], 3: (4,)}),
        ("{1, 2}", {1, 2}),
        ("()", ()),
        ("b'xy'", b"xy"),
        ("list(torch.ones(2, 3).shape)", [2, 3]),
    ],
)
def test_containers_of_literals_read_back_with_literal_eval(pool: WorkerPool, answer: str, expected: object) -> None:
    value = _value(run(pool, answer))
    assert value.type is ValueType.LITERAL
    assert ast.literal_eval(value.repr) == expected


def test_tensor_summary_holds_metadata_and_values(pool: WorkerPool) -> None:
    value = _value(run(pool, "torch.arange(6).reshape(2, 3)"))
    assert value.type is ValueType.TENSOR
    assert value.repr == "tensor([[0, 1, 2],\n        [3, 4, 5]])"
    data = value.data
    assert (data.shape, data.dtype, data.device, data.requires_grad) == ((2, 3), "int64", "cpu", False)
    assert data.values == [[0, 1, 2], [3, 4, 5]]
    assert not data.truncated


@pytest.mark.parametrize(
    ("answer", "shape", "dtype", "values", "requires_grad"),
    [
        ("torch.tensor(3.5)", (), "float32", 3.5, False),
        ("torch.tensor([True, False])", (2,), "bool", [True, False], False),
        ("torch.ones(2, requires_grad=True)", (2,), "float32", [1.0, 1.0], True),
        ("torch.tensor([1.5], dtype=torch.bfloat16)", (1,), "bfloat16", [1.5], False),
        ("torch.tensor([1 + 2j])", (1,), "complex64", [[1.0, 2.0]], False),
        ("torch.tensor([float('nan'), float('inf')])", (2,), "float32", None, False),
        ("torch.ones(2, 2).to_sparse()", (2, 2), "float32", [[1.0, 1.0], [1.0, 1.0]], False),
        ("torch.empty(2, device='meta')", (2,), "float32", None, False),
    ],
)
def test_tensor_kinds(
    pool: WorkerPool, answer: str, shape: tuple, dtype: str, values: object, requires_grad: bool
) -> None:
    data = _value(run(pool, answer)).data
    assert (data.shape, data.dtype, data.requires_grad) == (shape, dtype, requires_grad)
    if answer.startswith("torch.tensor([float"):
        assert math.isnan(data.values[0]) and data.values[1] == math.inf
    else:
        assert data.values == values


def test_large_tensor_is_truncated_but_keeps_its_repr(pool: WorkerPool) -> None:
    value = _value(run(pool, f"torch.zeros({TENSOR_VALUES_MAX + 1})"))
    assert value.data.truncated and value.data.values is None
    assert value.data.shape == (TENSOR_VALUES_MAX + 1,)
    assert value.repr.startswith("tensor([0., 0., 0.,  ..., 0., 0., 0.])")


def test_numpy_array_is_a_tensor_on_device_numpy(pool: WorkerPool) -> None:
    value = _value(run(pool, "np.arange(4).reshape(2, 2)"))
    assert value.type is ValueType.TENSOR and value.type_name == "numpy.ndarray"
    assert (value.data.shape, value.data.dtype, value.data.device) == ((2, 2), "int64", "numpy")
    assert value.data.values == [[0, 1], [2, 3]]
    assert value.repr == "array([[0, 1],\n       [2, 3]])"


@pytest.mark.parametrize(
    ("answer", "type_name", "repr_start"),
    [
        (
            "torch.max(torch.tensor([1, 3, 2]), 0)",
            "torch.return_types.max",
            "torch.return_types.max(\nvalues=tensor(3)",
        ),
        ("(torch.ones(1), torch.Size([2]))", "builtins.tuple", "(tensor([1.]), torch.Size([2]))"),
        ("torch.nn.Linear(2, 3)", "torch.nn.modules.linear.Linear", "Linear(in_features=2, out_features=3, bias=True)"),
        ("[float('nan')] * 5000", "builtins.list", "[nan, nan"),
    ],
)
def test_other_objects_are_described_by_repr(pool: WorkerPool, answer: str, type_name: str, repr_start: str) -> None:
    value = _value(run(pool, answer))
    assert value.type is ValueType.OBJECT
    assert value.type_name == type_name
    assert value.repr.startswith(repr_start)


def test_long_reprs_are_capped(pool: WorkerPool) -> None:
    value = _value(run(pool, "'x' * 100_000"))
    assert value.type is ValueType.STR
    assert len(value.repr) < 10_000 and value.repr.endswith("[100002 characters in all]")


def test_broken_repr_and_huge_int_do_not_break_the_worker(pool: WorkerPool) -> None:
    broken, huge = pool.run_many(
        [
            job("Bad()", setup="class Bad:\n    def __repr__(self):\n        raise ValueError('no')"),
            job("10 ** 5000"),
        ]
    )
    assert _value(broken).repr == "<__quizzer__.Bad object; repr raised ValueError>"
    assert _value(huge).type is ValueType.OBJECT


def test_real_outcomes_round_trip_through_strict_json(pool: WorkerPool) -> None:
    answers = [
        "torch.zeros(2).shape",
        "torch.tensor([float('nan'), 1.0])",
        "float('-inf')",
        "complex(float('nan'), 1)",
        "torch.max(torch.ones(2), 0)",
        "{'a': (1, 2)}",
        "np.arange(3)",
        "1 / 0",
    ]
    for outcome in pool.run_many([job(answer, setup="print('out')") for answer in answers]):
        text = json.dumps(outcome.to_dict(), allow_nan=False)
        back = Outcome.from_dict(json.loads(text))
        assert back.to_dict() == outcome.to_dict()
        assert back.summary() == outcome.summary()


def test_terminal_escapes_in_an_exception_message_are_dropped(pool: WorkerPool) -> None:
    outcome = run(pool, "None", "raise ValueError('\\x1b[1mweights_only\\x1b[0m load failed\\x07\\nsee docs')")
    assert outcome.exception is not None and outcome.exception.message == "weights_only load failed\nsee docs"
