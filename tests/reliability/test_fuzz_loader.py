"""The deck loader under fuzzing (``testsupport.fuzz_loader``), and the inputs fuzzing once found."""

from __future__ import annotations

from pathlib import Path

from testsupport.fuzz_loader import _SEEDS, EXAMPLES, SEEDS, check_file, fuzz_loader

# Inputs that once escaped as another exception (kept as regressions; see tests/reliability/README.md).
FOUND = {
    "kind-is-a-list": b"deck: k\ntitle: K\nnotes:\n  - id: n\n    title: N\n    questions:\n"
    b"      - id: q\n        ask: What?\n        answer: '1'\n        kind: []\n        expect: '1'\n",
    "unhashable-complex-key": b"deck: d\n? {a: [1]}\n: x\n",
    "unhashable-complex-key-short": b"? : -\n",
    "deep-flow-nesting": b"deck: " + b"[" * 600 + b"]" * 600 + b"\n",
    "merge-key-without-position": b"z: &z {k: 1}\n<<: *z\ndeck: d\n",
    "alias-bomb": b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + b"".join(b"%c: &%c [%s]\n" % (98 + i, 98 + i, b", ".join([b"*%c" % (97 + i)] * 10)) for i in range(7))
    + b"deck: *h\n",
    "deep-unary-minus": b"deck: d\ntitle: T\nprelude: " + b"-" * 3000 + b"1\nnotes: []\n",
    "deep-block-nesting": b"deck: d\ntitle: t\nnotes:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 600)),
}


def test_inputs_found_by_fuzzing_are_reported_as_problems(tmp_path: Path) -> None:
    for name, data in FOUND.items():
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(data)
        assert check_file(path) is None, name


def test_enough_valid_decks_to_mutate() -> None:
    assert len(_SEEDS) >= 4, SEEDS


def test_loader_never_raises_anything_but_deck_invalid() -> None:
    counts = fuzz_loader()
    assert counts["examples"] >= min(EXAMPLES, 50)
