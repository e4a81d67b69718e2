"""Isolation: a job that changes process state must not change the next job's truth.

Each case runs the observing job, then the mutating job, then the observing job again on
the same worker (sequential runs reuse the most recently used worker; the pid proves it),
so the mutation is checked in both orders.
"""

from __future__ import annotations

import pytest

from quizzer.engine import WorkerPool
from quizzer.outcome import Status

from .helpers import job

OBSERVERS = {
    "dtype": "torch.tensor([1.5]).dtype",
    "grad": "(torch.ones(1, requires_grad=True) * 2).requires_grad",
    "seed": "torch.rand(2)",
    "print": "torch.tensor([1 / 3, 1e-8])",
    "deterministic": "torch.are_deterministic_algorithms_enabled()",
    "numpy": "(np.random.rand(), np.get_printoptions()['precision'], np.geterr()['divide'])",
    "device": "torch.ones(1).device",
    "anomaly": "torch.is_anomaly_enabled()",
    "threads": "torch.get_num_threads()",
    "cwd_path_env": "(os.getcwd() == '/' , sys.path[0] == 'elsewhere', os.environ.get('QUIZZER_TEST_VAR'))",
    "stdout": "print('visible') or 'done'",
    "recursion": "sys.getrecursionlimit() > 100",
    "precision": "torch.get_float32_matmul_precision()",
}

MUTATORS = {
    "dtype": "torch.set_default_dtype(torch.float64)",
    "grad": "torch.set_grad_enabled(False)",
    "seed": "torch.manual_seed(123)\ntorch.rand(100)",
    "print": "torch.set_printoptions(precision=1, sci_mode=False)",
    "deterministic": "torch.use_deterministic_algorithms(True)",
    "numpy": "np.random.seed(9)\nnp.set_printoptions(precision=2)\nnp.seterr(all='raise')",
    "device": "torch.set_default_device('meta')",
    "anomaly": "torch.autograd.set_detect_anomaly(True)",
    "threads": "torch.set_num_threads(7)",
    "cwd_path_env": "os.chdir('/')\nsys.path.insert(0, 'elsewhere')\nos.environ['QUIZZER_TEST_VAR'] = '1'",
    "stdout": "sys.stdout = open(os.devnull, 'w')\nos.close(1)",
    "recursion": "sys.setrecursionlimit(50)",
    "precision": "torch.set_float32_matmul_precision('medium')",
}


@pytest.mark.parametrize("case", sorted(OBSERVERS))
def test_state_changes_do_not_leak_into_the_next_job(pool: WorkerPool, case: str) -> None:
    setup = "import sys"
    observe = job(f"({OBSERVERS[case]}, os.getpid())", setup=setup)
    mutate = job("os.getpid()", setup=f"{setup}\n{MUTATORS[case]}")
    before, mutated, after = (pool.run(j) for j in (observe, mutate, observe))
    assert mutated.status is Status.VALUE, mutated
    assert before.status is Status.VALUE, before
    pid = mutated.value.data
    assert before.value.repr.endswith(f", {pid})") and after.value.repr.endswith(f", {pid})"), "not one worker"
    assert after.value.repr == before.value.repr
    assert after.output == before.output


def test_monkey_patching_torch_retires_the_worker(pool: WorkerPool) -> None:
    add = job("torch.add(torch.tensor(1), 2)")
    patched = pool.run(job("torch.add(1, 2)", setup="torch.add = lambda *args: 42"))
    assert patched.value.data == 42
    assert pool.run(add).value.repr == "tensor(3)"
    patched_method = pool.run(job("torch.ones(1).sum()", setup="torch.Tensor.sum = lambda self: 'patched'"))
    assert patched_method.value.data == "patched"
    assert pool.run(job("torch.ones(2).sum()")).value.repr == "tensor(2.)"


def test_leftover_modes_retire_the_worker(pool: WorkerPool) -> None:
    leaks = [
        "torch.inference_mode().__enter__()",
        "torch.device('meta').__enter__()",
        "torch.autocast('cpu').__enter__()",
    ]
    for setup in leaks:
        assert pool.run(job("os.getpid()", setup=setup)).status is Status.VALUE
        modes = "(torch.is_inference_mode_enabled(), str(torch.ones(1).device), torch.is_autocast_enabled('cpu'))"
        after = pool.run(job(modes))
        assert after.value.repr == "(False, 'cpu', False)", setup


def test_importing_a_submodule_does_not_retire_the_worker(pool: WorkerPool) -> None:
    pids = {pool.run(job("os.getpid()", setup="import torch.distributions")).value.data for _ in range(3)}
    assert len(pids) == 1
