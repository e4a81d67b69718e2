"""Hypothesis fuzzing of the deck loader: any file gives a Deck or DeckInvalid with located problems.

``load_deck`` on a file of any content must either return a ``Deck`` or raise
``DeckInvalid`` whose problems all name that file at a line >= 1 and a column >= 1;
any other exception is a bug. Inputs: random bytes and text, line-level mutations of
valid decks (lines deleted, repeated, swapped, re-indented, cut, spliced with junk),
structural mutations of their parsed trees (keys dropped or renamed, values replaced
by values of another type, lists emptied or repeated, code fields filled with junk),
dumped back to YAML, and hostile edits: YAML aliases (bombs of up to 10 levels, merge
keys, undefined aliases), code fields with deeply nested Python (``---...-1``), and
prompts with random format specs (huge widths, nested ``{w}``). A deck that loads must
also fill its prompts within a bounded size.

Examples per run: $QUIZZER_FUZZ_EXAMPLES (default 200), as tests/reliability/test_fuzz_loader.py
runs it; the benchmark runs 10,000 through ``fuzz_loader``.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from quizzer.decks.loader import load_deck
from quizzer.decks.model import Deck
from quizzer.decks.params import MAX_FIELD_WIDTH, fill_ask, instance_at
from quizzer.decks.problems import DeckInvalid

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("QUIZZER_FUZZ_EXAMPLES", "200"))
SEEDS = sorted(
    [
        *(REPO / "tests" / "decks" / "valid").glob("*.yaml"),
        REPO / "tests" / "plain" / "study.yaml",
        *(REPO / "tests" / "checking" / "decks").glob("*.yaml"),
    ]
)
DECK_KEYS = [
    "deck",
    "title",
    "description",
    "requires",
    "prelude",
    "notes",
    "id",
    "text",
    "source",
    "tags",
    "questions",
    "ask",
    "setup",
    "answer",
    "kind",
    "expect",
    "rule",
    "params",
    "choices",
    "was",
    "timeout",
    "judge",
    "decimals",
    "torch",
    "device",
    "default",
]


def seed_texts() -> list[str]:
    """The valid decks the mutations start from (read once; a file that does not load is left out)."""
    texts = []
    for path in SEEDS:
        try:
            load_deck(path)
        except DeckInvalid:
            continue
        texts.append(path.read_text(encoding="utf-8"))
    return texts


_SEEDS = seed_texts()


def check_file(path: Path) -> Deck | None:
    """Load ``path``; a Deck, or None after DeckInvalid with well-located problems. Anything else raises.

    A deck that loads must also fill every prompt (first params instance) into a short string.
    """
    try:
        deck = load_deck(path)
    except DeckInvalid as invalid:
        assert invalid.problems, "DeckInvalid without problems"
        for problem in invalid.problems:
            assert problem.path == path, problem
            assert isinstance(problem.line, int) and problem.line >= 1, problem
            assert isinstance(problem.col, int) and problem.col >= 1, problem
            assert problem.message.strip(), problem
            str(problem), problem.to_dict()
        return None
    for _, question in deck.questions():
        prompt = fill_ask(question, instance_at(question, 0) if question.params else {})
        assert len(prompt) <= len(question.ask) + 100 * MAX_FIELD_WIDTH, "a prompt grew past the field bound"
    return deck


# strategies

junk_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            ":",
            "- ",
            "? ",
            "&a",
            "*a",
            "!!python/object:os.system",
            "{",
            "[",
            "]",
            "}",
            "'",
            '"',
            "|",
            ">",
            "#",
            "%YAML 1.1",
            "---",
            "...",
            "\t",
            "\r",
            "\x00",
            "\ufeff",
            "<<: *a",
            "~",
            "null",
            ".nan",
            "0x1F",
            "1e999",
            "-.inf",
            "2024-01-01",
            "yes",
            "é",
            "\U0001f600",
            "\\",
            "{{x}}",
            "{x}",
            "{L}",
        ]
    ),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    junk_text,
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.one_of(st.sampled_from(DECK_KEYS), st.text(max_size=8)), inner, max_size=4)
    ),
    max_leaves=10,
)


@st.composite
def line_mutants(draw: st.DrawFn) -> str:
    """A valid deck with a few line-level edits."""
    lines = draw(st.sampled_from(_SEEDS)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [draw(junk_text)]
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(
            st.sampled_from(["delete", "repeat", "swap", "indent", "dedent", "tab", "insert", "splice", "cut", "char"])
        )
        line = lines[at]
        if edit == "delete":
            del lines[at]
        elif edit == "repeat":
            lines.insert(at, line)
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], line
        elif edit == "indent":
            lines[at] = " " * draw(st.integers(1, 6)) + line
        elif edit == "dedent":
            lines[at] = line.lstrip(" ")
        elif edit == "tab":
            lines[at] = "\t" + line
        elif edit == "insert":
            lines.insert(at, " " * draw(st.integers(0, 8)) + draw(junk_text))
        elif edit == "splice":
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + draw(junk_text) + line[cut:]
        elif edit == "cut":
            lines = lines[:at]
        else:
            if line:
                cut = draw(st.integers(0, len(line) - 1))
                lines[at] = line[:cut] + draw(st.characters()) + line[cut + 1 :]
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\r\n", "\n\n"]))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _load_plain(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def _dump(data: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


@st.composite
def tree_mutants(draw: st.DrawFn) -> str:
    """A valid deck parsed, a few nodes changed, dumped back to YAML."""
    data = _load_plain(draw(st.sampled_from(_SEEDS)))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        if not path:
            if draw(st.booleans()):
                data = draw(values)
            continue
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        edit = draw(st.sampled_from(["replace", "delete", "rename", "empty", "repeat", "code", "kind", "near-key"]))
        if edit == "replace":
            parent[key] = draw(values)
        elif edit == "delete":
            del parent[key]
        elif edit == "rename" and isinstance(parent, dict):
            parent[draw(st.one_of(st.sampled_from(DECK_KEYS), st.text(max_size=10)))] = parent.pop(key)
        elif edit == "near-key" and isinstance(parent, dict) and isinstance(key, str) and key:
            cut = draw(st.integers(0, len(key) - 1))
            parent[key[:cut] + key[cut + 1 :]] = parent.pop(key)
        elif edit == "empty":
            parent[key] = draw(st.sampled_from([[], {}, "", None]))
        elif edit == "repeat" and isinstance(parent, list):
            parent.insert(key, parent[key])
        elif edit == "code":
            parent[key] = draw(
                st.sampled_from(
                    [
                        "torch.zeros(",
                        "import os; os.system('x')",
                        "lambda: (yield)",
                        "x = ",
                        "1 +",
                        "{L}",
                        "f'{",
                        "\\",
                        "def f(:",
                        "print(1)\n  2",
                    ]
                )
            )
        elif edit == "kind":
            parent[key] = draw(st.sampled_from(["shape", "shap", "choice", "recall", "code", "", "SHAPE", "tensor "]))
    try:
        return _dump(data)
    except Exception:
        return _dump({"deck": "x"})


@st.composite
def deep_mutants(draw: st.DrawFn) -> str:
    """A valid deck with one value replaced by deeply nested flow or block collections."""
    lines = draw(st.sampled_from(_SEEDS)).splitlines()
    keyed = [i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")]
    at = draw(st.sampled_from(keyed))
    depth = draw(st.one_of(st.integers(1, 50), st.integers(50, 450)))  # the parser gives up near 300
    head = lines[at].split(": ", 1)[0]
    style = draw(st.sampled_from(["list", "map", "mixed", "block"]))
    if style == "block":
        indent = len(head) - len(head.lstrip(" "))
        nested = [head + ":"] + [" " * (indent + 2 * level) + "- " for level in range(1, depth)]
        lines[at : at + 1] = nested
    else:
        opening, closing = {"list": ("[", "]"), "map": ("{a: ", "}"), "mixed": ("[{a: ", "}]")}[style]
        lines[at] = f"{head}: {opening * depth}1{closing * depth}"
    return "\n".join(lines) + "\n"


@st.composite
def alias_mutants(draw: st.DrawFn) -> str:
    """A valid deck with YAML anchors prepended (a bomb of ``levels`` x ``width``) and one value made an alias."""
    lines = draw(st.sampled_from(_SEEDS)).splitlines()
    levels, width = draw(st.integers(1, 10)), draw(st.integers(1, 12))
    leaf = draw(st.sampled_from(['"lol"', "1", "[1, 2]", "{a: 1}", '"' + "x" * 200 + '"', "shape"]))
    anchors = [f"z0: &z0 [{', '.join([leaf] * width)}]"]
    anchors += [f"z{i}: &z{i} [{', '.join([f'*z{i - 1}'] * width)}]" for i in range(1, levels)]
    keyed = [i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith(("#", "-"))]
    if keyed:
        at = draw(st.sampled_from(keyed))
        target = draw(st.one_of(st.integers(0, levels - 1).map(lambda i: f"*z{i}"), st.just("*undefined")))
        lines[at] = lines[at].split(": ", 1)[0] + ": " + target
    merge = draw(st.booleans())
    if merge:  # a merge key pulling a whole anchored map into the deck
        anchors.append(f"zm: &zm {{{', '.join(f'k{i}: *z{levels - 1}' for i in range(width))}}}")
        lines.insert(1, "<<: *zm")
    return "\n".join(anchors + lines) + "\n"


CODE_FIELDS = ("prelude", "setup", "answer", "rule")


@st.composite
def deep_python_mutants(draw: st.DrawFn) -> str:
    """A valid deck with a code field (prelude, setup, answer, rule) replaced by deeply nested Python."""
    lines = draw(st.sampled_from(_SEEDS)).splitlines()
    n = draw(st.one_of(st.integers(1, 120), st.integers(120, 6000)))
    code = draw(
        st.sampled_from(
            [
                "-" * n + "1",
                "(" * n + "1" + ")" * n,
                "[" * n + "]" * n,
                "not " * n + "x",
                "x" + "[0]" * n,
                "a" + ".b" * n,
                "lambda: " * n + "1",
                "f(" * n + ")" * n,
                "1" + " + 1" * n,
                "{" * n + "}" * n,
            ]
        )
    )
    fields = [i for i, line in enumerate(lines) if line.lstrip().startswith(tuple(f"{k}: " for k in CODE_FIELDS))]
    if not fields:
        return "\n".join(lines) + "\n"
    at = draw(st.sampled_from(fields))
    lines[at] = lines[at].split(": ", 1)[0] + ": " + repr(code).replace("\\\\", "\\")
    return "\n".join(lines) + "\n"


format_specs = st.from_regex(
    r"[ *0<>=^]?[<>=^]?[+\- ]?#?0?[0-9]{0,12}[,_]?(\.[0-9]{0,12})?[bcdeEfFgGnosxX%]?", fullmatch=True
)


@st.composite
def format_spec_mutants(draw: st.DrawFn) -> str:
    """A valid deck with a question's prompt given a placeholder with a random format spec (huge widths included)."""
    lines = draw(st.sampled_from(_SEEDS)).splitlines()
    asks = [i for i, line in enumerate(lines) if line.lstrip().startswith("ask: ")]
    if not asks:
        return "\n".join(lines) + "\n"
    at = draw(st.sampled_from(asks))
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    spec = draw(st.one_of(format_specs, st.just(">{w}"), st.just(">3000000000"), st.just("{w}.{w}")))
    value = draw(st.sampled_from(["1", "2.5", "'text'", "[1, 2]", "true", "3000000000"]))
    lines[at] = f"{indent}ask: 'What is {{n:{spec}}}?'"
    lines.insert(at + 1, f"{indent}params: {{n: [{value}], w: [{draw(st.sampled_from(['3', '3000000000']))}]}}")
    return "\n".join(lines) + "\n"


deck_files = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    line_mutants().map(lambda text: text.encode("utf-8", "surrogatepass")),
    tree_mutants().map(lambda text: text.encode("utf-8")),
    deep_mutants().map(lambda text: text.encode("utf-8")),
    alias_mutants().map(lambda text: text.encode("utf-8")),
    deep_python_mutants().map(lambda text: text.encode("utf-8")),
    format_spec_mutants().map(lambda text: text.encode("utf-8")),
)


def fuzz_loader(
    examples: int = EXAMPLES, *, database: bool = True, counts: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Run ``examples`` hypothesis examples against load_deck; returns counts (raises on a failure).

    ``counts``: a dict to fill in as examples run (still there when a failure raises).
    """
    counts = counts if counts is not None else {}
    counts.update({"examples": 0, "decks": 0, "invalid": 0})
    with tempfile.TemporaryDirectory(prefix="quizzer-fuzz-loader-") as folder:
        path = Path(folder) / "deck.yaml"

        @settings(
            max_examples=examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            **({} if database else {"database": None}),
        )
        @given(deck_files)
        def property_(data: bytes) -> None:
            path.write_bytes(data)
            deck = check_file(path)
            counts["examples"] += 1
            counts["decks" if deck is not None else "invalid"] += 1

        property_()
    return counts
