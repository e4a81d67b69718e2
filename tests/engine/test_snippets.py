"""Running snippets: namespace, params, exceptions with section and line, output, warnings, seeds."""

from __future__ import annotations

import pytest

from quizzer.engine import Job, WorkerPool
from quizzer.outcome import Status

from .helpers import job, run


def test_params_and_device_are_bound_before_setup(pool: WorkerPool) -> None:
    setup = "x = torch.ones(n, m, device=device)"
    outcome = pool.run(job("(x.shape, str(x.device), device, flag)", setup, params={"n": 2, "m": 3, "flag": True}))
    assert outcome.value.repr == "(torch.Size([2, 3]), 'cpu', 'cpu', True)"


def test_every_job_gets_a_fresh_namespace(pool: WorkerPool) -> None:
    first, second = (run(pool, "'leak' in globals()", setup=setup) for setup in ("leak = 1", ""))
    assert first.value.data is True
    assert second.value.data is False


@pytest.mark.parametrize(
    ("prelude", "setup", "answer", "section", "line", "name"),
    [
        ("import torch\nimport not_a_module", "", "1", "prelude", 2, "ModuleNotFoundError"),
        ("import torch", "a = torch.ones(2)\nb = torch.ones(3)\nc = a + b", "c", "setup", 3, "RuntimeError"),
        ("import torch", "d = {}", "d['missing']", "answer", 1, "KeyError"),
        ("import torch", "def f():\n    return 1 / 0\n", "f()", "answer", 1, "ZeroDivisionError"),
        ("import torch", "def f():\n    return 1 / 0\nf()", "None", "setup", 2, "ZeroDivisionError"),
        ("import torch", "x = (1,\n", "x", "setup", 1, "SyntaxError"),
        ("x = 1\n  y = 2", "", "x", "prelude", 2, "IndentationError"),
        ("", "", "1 +", "answer", 1, "SyntaxError"),
        ("import sys", "sys.exit(3)", "None", "setup", 1, "SystemExit"),
        ("", "", "input()", "answer", 1, "EOFError"),
    ],
)
def test_exceptions_name_their_snippet_and_line(
    pool: WorkerPool, prelude: str, setup: str, answer: str, section: str, line: int, name: str
) -> None:
    outcome = pool.run(Job(prelude=prelude, setup=setup, answer=answer))
    assert outcome.status is Status.EXCEPTION, outcome
    info = outcome.exception
    assert (info.name, info.section, info.line) == (name, section, line)


def test_exception_carries_qualname_mro_and_message(pool: WorkerPool) -> None:
    info = run(pool, "torch.ones(2) @ torch.ones(3)").exception
    assert info.qualname == "builtins.RuntimeError"
    assert info.mro == ("Exception", "BaseException", "object")
    assert "size mismatch" in info.message or "inconsistent" in info.message or "must match" in info.message
    assert run(pool, "int('x')").exception.message == "invalid literal for int() with base 10: 'x'"


def test_answer_section_labels_rules_and_code(pool: WorkerPool) -> None:
    outcome = pool.run(job("L * undefined_name", params={"L": 2}, answer_section="rule"))
    assert (outcome.exception.name, outcome.exception.section, outcome.exception.line) == ("NameError", "rule", 1)


def test_answer_may_have_leading_spaces_and_span_lines(pool: WorkerPool) -> None:
    assert run(pool, "  (1 +\n   2)").value.data == 3


def test_python_and_c_level_output_is_captured_in_order(pool: WorkerPool) -> None:
    setup = (
        "import sys, ctypes\n"
        "print('one')\n"
        "sys.stderr.write('two\\n')\n"
        "os.write(1, b'three\\n')\n"
        "libc = ctypes.CDLL(None)\n"
        "libc.printf(b'four\\n')\n"
        "print('five', end='')\n"
    )
    outcome = run(pool, "None", setup=setup)
    assert outcome.output == "one\ntwo\nthree\nfour\nfive"
    assert run(pool, "None").output == ""


def test_long_output_is_kept_up_to_the_cap(pool: WorkerPool) -> None:
    outcome = run(pool, "None", setup="print('z' * 100_000)")
    assert outcome.status is Status.VALUE
    assert outcome.output.startswith("z" * 1000)
    assert "[output truncated: 100001 bytes in all, first 65536 kept]" in outcome.output


def test_warnings_are_recorded_every_time(pool: WorkerPool) -> None:
    setup = (
        "import warnings\nwarnings.warn('careful', DeprecationWarning)\nwarnings.warn('careful', DeprecationWarning)"
    )
    for _ in range(2):
        assert run(pool, "None", setup=setup).warnings == ("DeprecationWarning: careful",)
    once_per_process = "a = np.ones(3)\na.flags.writeable = False\ntorch.from_numpy(a)"  # a TORCH_WARN_ONCE
    for _ in range(2):
        (line,) = run(pool, "None", setup=once_per_process).warnings
        assert line.startswith("UserWarning: The given NumPy array is not writable")
    ignored = run(pool, "None", setup="import warnings\nwarnings.simplefilter('ignore')\nwarnings.warn('x')")
    assert ignored.warnings == ()
    assert run(pool, "None", setup="import warnings\nwarnings.warn('again')").warnings == ("UserWarning: again",)


def test_same_seed_same_truth_and_seed_changes_it(pool: WorkerPool) -> None:
    answer = "(torch.rand(3).tolist(), float(np.random.rand()), __import__('random').random())"
    first, again, other = (pool.run(job(answer, seed=seed)) for seed in (5, 5, 6))
    assert first.value.repr == again.value.repr
    assert first.value.repr != other.value.repr


def test_outcome_records_provenance_and_elapsed_time(pool: WorkerPool) -> None:
    outcome = run(pool, "torch.__version__", setup="x = torch.ones(64, 64) @ torch.ones(64, 64)")
    assert outcome.provenance.torch == outcome.value.data
    assert outcome.provenance.device == "cpu"
    assert outcome.provenance.python.count(".") == 2
    assert outcome.elapsed_s > 0  # recorded; how long snippets take is bench/bench_engine.py's to measure
