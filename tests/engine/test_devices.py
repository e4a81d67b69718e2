"""Devices: requests resolve inside workers; CUDA behaviour where this machine has a GPU.

The ``cuda`` fixture asks a pool for CUDA. On a machine without one it holds the
DeviceUnavailable message (and the GPU tests skip); with one, a live pool of spawned
CUDA workers.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from quizzer.engine import DeviceUnavailable, WorkerPool
from quizzer.outcome import Status, ValueType

from .helpers import job, run


@pytest.fixture(scope="module")
def cuda() -> Iterator[WorkerPool | str]:
    pool = WorkerPool(device="cuda")
    try:
        pool.wait_ready()
    except DeviceUnavailable as exc:
        pool.close()
        yield str(exc)
        return
    yield pool
    pool.close()


@pytest.fixture
def gpu(cuda: WorkerPool | str) -> WorkerPool:
    if isinstance(cuda, str):
        pytest.skip(cuda)
    return cuda


def test_cuda_request_matches_this_machine(cuda: WorkerPool | str) -> None:
    if isinstance(cuda, str):
        assert cuda.startswith("cuda requested but torch.cuda.is_available() is False in torch 2.")
    else:
        assert cuda.device == "cuda:0"
        assert cuda.info.device.startswith("cuda:0 (")


def test_auto_picks_cuda_then_mps_then_cpu(cuda: WorkerPool | str) -> None:
    with WorkerPool(device="auto") as pool:
        if isinstance(cuda, str):
            assert pool.device == ("mps" if sys.platform == "darwin" else "cpu")
        else:
            assert pool.device == "cuda:0"
        assert run(pool, "device").value.data == pool.device


@pytest.mark.parametrize("device", ["cuda:7", "mps"])
def test_missing_devices_raise_device_unavailable(device: str) -> None:
    if device == "mps" and sys.platform == "darwin":
        pytest.skip("this machine may have MPS")
    with WorkerPool(device=device) as pool, pytest.raises(DeviceUnavailable, match=f"^{device} requested but "):
        pool.run(job("1"))


def test_tensor_on_the_gpu(gpu: WorkerPool) -> None:
    value = run(gpu, "torch.arange(3, device=device) * 2").value
    assert value.type is ValueType.TENSOR
    assert (value.data.device, value.data.values) == ("cuda:0", [0, 2, 4])
    assert value.repr == "tensor([0, 2, 4], device='cuda:0')"


def test_gpu_seeds_are_reset(gpu: WorkerPool) -> None:
    answer = "torch.rand(3, device=device).tolist()"
    first, _, again = (run(gpu, a) for a in (answer, "torch.rand(100, device=device).sum()", answer))
    assert first.value.repr == again.value.repr


def test_gpu_out_of_memory(gpu: WorkerPool) -> None:
    outcome = run(gpu, "x.shape", "x = torch.empty(2**45, dtype=torch.uint8, device=device)")  # 32 TiB
    assert outcome.status is Status.OUT_OF_MEMORY
    assert outcome.detail.startswith("OutOfMemoryError")
    assert run(gpu, "torch.ones(2, device=device).sum().item()").value.data == 2.0


def test_gpu_worker_crash_is_replaced(gpu: WorkerPool) -> None:
    crashed = run(gpu, "None", "import ctypes\nctypes.string_at(0)")
    assert crashed.status is Status.CRASHED
    assert run(gpu, "torch.ones(2, device=device).sum().item()").value.data == 2.0
