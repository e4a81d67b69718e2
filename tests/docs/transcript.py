"""Run a Markdown document's examples as one terminal session and compare what they print with what it shows.

The conventions a document follows, in the order its blocks appear:

- A ```` ```console ```` block is a terminal transcript. Each line that starts with ``$ `` is a
  command, run by bash in the session's folder; the lines after it, up to the next command,
  are what it prints (stdout and stderr together). A command ending in ``# exits N`` must
  exit with N, any other with 0.
- In shown output, a line ``...`` stands for any number of lines, and a line ending in `` ...``
  for any line that starts with the text before it. The versions of torch and Python, the
  number of workers and short hashes may differ from the document's.
- ``<!-- runs until Ctrl+C -->`` on the line before a console block: its one command keeps
  running. Console blocks without commands that follow it show what it prints later, and a
  ``^C`` line sends it SIGINT, after which it must exit 0.
- ``<!-- write: PATH -->`` before a fenced block: the block's text is written to PATH;
  ``<!-- contents: PATH -->``: PATH must hold exactly the block's text;
  ``<!-- edit: PATH -->`` before a ```` ```diff ```` block: the ``-`` and context lines are
  replaced, once, by the ``+`` and context lines. Files are written whole (a rename), as an
  editor saves them.

Other blocks (set-up instructions in a ``sh`` block, a CI workflow) are only read.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

COMMAND_TIMEOUT_S = 300  # an upper bound for one command, not an expected duration
LINE_WAIT_S = 120  # an upper bound on waiting for a running command's next line

_FENCE = re.compile(r"^```(\w*)\s*$")
_DIRECTIVE = re.compile(r"^<!--\s*(write|contents|edit):\s*(\S+)\s*-->$|^<!--\s*(runs until Ctrl\+C)\s*-->$")
_EXITS = re.compile(r"#\s*exits (\d+)\s*$")
_VARYING = [
    (re.compile(r"\btorch \d+\.\d+\.\d+[\w.+]*"), "torch <version>"),
    (re.compile(r"\bPython \d+\.\d+\.\d+"), "Python <version>"),
    (re.compile(r"\b\d+ worker\(s\)"), "<n> worker(s)"),
    (re.compile(r"\bsha256 [0-9a-f]{12}\b"), "sha256 <hash>"),
]


@dataclass
class Block:
    """A fenced block of the document, with the directive on the line before it (if any)."""

    line: int  # 1-based line of the opening fence
    lang: str
    text: str
    directive: str = ""
    path: str = ""


@dataclass
class Command:
    """One ``$`` line of a console block and the output shown under it."""

    line: int
    text: str
    shown: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        match = _EXITS.search(self.text)
        return int(match[1]) if match else 0


def blocks(markdown: str) -> list[Block]:
    """The fenced blocks of ``markdown``, in order."""
    found: list[Block] = []
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        fence = _FENCE.match(lines[index])
        if not fence:
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
        block = Block(index + 1, fence[1], "".join(f"{line}\n" for line in lines[index + 1 : end]))
        directive = _DIRECTIVE.match(lines[index - 1].strip()) if index else None
        if directive:
            block.directive = directive[1] or directive[3]
            block.path = directive[2] or ""
        found.append(block)
        index = end + 1
    return found


def commands(block: Block) -> tuple[list[str], list[Command]]:
    """A console block's lines before its first command (output of a running one), and its commands."""
    before: list[str] = []
    found: list[Command] = []
    for offset, line in enumerate(block.text.splitlines(), start=1):
        if line.startswith("$ "):
            found.append(Command(block.line + offset, line[2:]))
        elif found:
            found[-1].shown.append(line)
        else:
            before.append(line)
    return before, found


def normal(line: str) -> str:
    """``line`` with what may differ between machines replaced by placeholders, trailing spaces dropped."""
    for pattern, placeholder in _VARYING:
        line = pattern.sub(placeholder, line)
    return line.rstrip()


def matches(shown: list[str], printed: list[str]) -> bool:
    """Whether ``printed`` is what ``shown`` describes (with ``...`` lines and line endings)."""
    if not shown:
        return not printed
    head, rest = normal(shown[0]), shown[1:]
    if head == "...":
        return any(matches(rest, printed[skip:]) for skip in range(len(printed) + 1))
    return bool(printed) and _line_matches(head, normal(printed[0])) and matches(rest, printed[1:])


def _line_matches(shown: str, printed: str) -> bool:
    return printed.startswith(shown[:-4]) if shown.endswith(" ...") else printed == shown


class Session:
    """The terminal session a document describes, run in ``folder``."""

    def __init__(self, folder: Path, source: str) -> None:
        self.folder = folder
        self.source = source
        bin_dir = str(Path(sys.executable).parent)  # the `quizzer` of the environment under test
        self.env = {key: value for key, value in os.environ.items() if key != "CI"}
        self.env["PATH"] = os.pathsep.join([bin_dir, self.env.get("PATH", "")])
        self.running: _Running | None = None

    def run(self, markdown: str) -> list[str]:
        """Run every example of ``markdown``; the commands run, in order. Fails on the first difference."""
        ran: list[str] = []
        for block in blocks(markdown):
            if block.directive == "write":
                self._save(block.path, block.text)
            elif block.directive == "contents":
                text = (self.folder / block.path).read_text(encoding="utf-8")
                assert text == block.text, f"{self.source}:{block.line}: {block.path} holds\n{text}"
            elif block.directive == "edit":
                self._edit(block)
            elif block.lang == "console":
                ran += self._console(block)
        assert self.running is None, f"{self.source}: a command still runs at the end (no ^C shown)"
        return ran

    def _console(self, block: Block) -> list[str]:
        before, found = commands(block)
        if before:
            assert self.running is not None, f"{self.source}:{block.line}: output shown, but no command runs"
            self._follow(block, before)
        if block.directive == "runs until Ctrl+C":
            [command] = found
            self.running = _Running(command.text, self.folder, self.env)
            self._expect(command.line, command.text, command.shown, self.running.read(command.shown))
            return [command.text]
        for command in found:
            assert self.running is None, f"{self.source}:{command.line}: a command still runs (no ^C shown)"
            done = subprocess.run(
                ["bash", "-c", command.text],
                cwd=self.folder,
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=COMMAND_TIMEOUT_S,
            )
            self._expect(command.line, command.text, command.shown, done.stdout.splitlines())
            assert done.returncode == command.exit_code, (
                f"{self.source}:{command.line}: `{command.text}` exited {done.returncode}, not {command.exit_code}"
            )
        return [command.text for command in found]

    def _follow(self, block: Block, shown: list[str]) -> None:
        running = self.running
        assert running is not None
        before_stop = shown[: shown.index("^C")] if "^C" in shown else shown
        self._expect(block.line, running.command, before_stop, running.read(before_stop))
        if "^C" in shown:
            code, rest = running.interrupt()
            self._expect(block.line, running.command, shown[len(before_stop) + 1 :], rest)
            assert code == 0, f"{self.source}:{block.line}: `{running.command}` exited {code} on Ctrl+C, not 0"
            self.running = None

    def _expect(self, line: int, command: str, shown: list[str], printed: list[str]) -> None:
        assert matches(shown, printed), (
            f"{self.source}:{line}: `{command}` printed\n"
            + "\n".join(printed)
            + "\n--- but the document shows ---\n"
            + "\n".join(shown)
        )

    def _edit(self, block: Block) -> None:
        diff = block.text.splitlines()
        old = "".join(f"{line[1:]}\n" for line in diff if not line.startswith("+"))
        new = "".join(f"{line[1:]}\n" for line in diff if not line.startswith("-"))
        text = (self.folder / block.path).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{self.source}:{block.line}: the edit's old lines are not once in {block.path}"
        self._save(block.path, text.replace(old, new))

    def _save(self, name: str, text: str) -> None:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.saving")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)


class _Running:
    """A command that keeps running (a watcher), read line by line."""

    def __init__(self, command: str, folder: Path, env: dict[str, str]) -> None:
        self.command = command
        self.process = subprocess.Popen(
            ["bash", "-c", f"exec {command}"],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            # a shell without job control starts background commands with SIGINT ignored; a terminal does not
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def read(self, shown: list[str]) -> list[str]:
        """As many lines as ``shown`` has, as it prints them (fewer if it ends first)."""
        assert "..." not in shown, "output of a running command is shown line by line, without '...'"
        lines: list[str] = []
        count = len(shown)
        while len(lines) < count:
            line = self.lines.get(timeout=LINE_WAIT_S)
            if line is None:
                break
            lines.append(line)
        return lines

    def interrupt(self) -> tuple[int, list[str]]:
        """Send SIGINT as Ctrl+C does; its exit status and the lines it printed until it ended."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=COMMAND_TIMEOUT_S)
        rest: list[str] = []
        while (line := self.lines.get(timeout=LINE_WAIT_S)) is not None:
            rest.append(line)
        return code, rest
