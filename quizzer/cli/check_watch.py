"""`quizzer check --watch`: check decks, then check again each time a deck file is saved.

The workers stay warm between rounds. A round starts when a watched file's bytes differ
from the last round's (an editor that saves the same text starts nothing); only the
questions whose content changed run again (``quizzer.checking.incremental``), and their
results are printed with the counts over every question. A deck with problems, or one
that is not trusted, is reported in the round and the watch goes on. Ctrl+C stops it (exit 0).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from quizzer.cli.output import error
from quizzer.decks.search import DECK_SUFFIXES, deck_files

if TYPE_CHECKING:
    from quizzer.checking.incremental import IncrementalCheck
    from quizzer.decks.model import Deck

WAKE_MS = 500  # at most this long after it starts, the watcher is up and says so
QUIET_MS = 50  # a round starts once the files have been quiet this long after a change


def watch(chosen: list[Path], checker: IncrementalCheck, *, trusted_by_flag: bool, verbose: bool = False) -> None:
    """Check the decks at ``chosen`` (files and folders) now and after every save, until Ctrl+C.

    ``verbose`` lists the passed questions of the first round too (later rounds list every question they ran).
    """
    from watchfiles import watch as watch_files

    from quizzer.checking.report import header

    typer.echo(header(checker.pool.info, checker.pool.size))
    rounds = _Rounds(chosen, checker, trusted_by_flag, verbose)
    rounds.run_if_changed()
    folders = [path for path in chosen if path.is_dir()]
    roots = folders + [path.parent for path in chosen if not path.is_dir()]
    changes = watch_files(
        *roots,
        watch_filter=_deck_filter(chosen),
        debounce=1_000,
        step=QUIET_MS,
        rust_timeout=WAKE_MS,
        yield_on_timeout=True,
        recursive=bool(folders),
    )
    for index, changed in enumerate(changes):
        if index == 0:  # the watcher is up: a save from now on is seen; one made before it, by the next round
            shown = ", ".join(str(path) for path in chosen)
            typer.echo(f"watching {shown} for changes (Ctrl+C to stop)")
        if index == 0 or changed:
            rounds.run_if_changed()


class _Rounds:
    """The rounds of one watch: what each file held when it was last checked."""

    def __init__(self, chosen: list[Path], checker: IncrementalCheck, trusted_by_flag: bool, verbose: bool) -> None:
        self.chosen = chosen
        self.checker = checker
        self.trusted_by_flag = trusted_by_flag
        self.verbose = verbose
        self._digests: dict[Path, str] | None = None

    def run_if_changed(self) -> None:
        """Check again when a deck file was added, removed or saved with other bytes since the last round."""
        digests = {path: digest for path in deck_files(self.chosen) if (digest := _digest(path)) is not None}
        if digests == self._digests:
            return
        first = self._digests is None
        if not first:
            changed = dict.fromkeys(str(path) for path, _ in sorted(set(digests.items()) ^ set(self._digests.items())))
            typer.echo(f"-- {', '.join(changed)} changed")
        self._digests = digests
        self._check(first)

    def _check(self, first: bool) -> None:
        from quizzer.checking.last_run import record_checks
        from quizzer.checking.report import result_lines, summary_line
        from quizzer.decks.loader import load_decks
        from quizzer.decks.problems import DeckInvalid

        try:
            decks = load_decks(self.chosen)
        except DeckInvalid as invalid:
            for problem in invalid.problems:
                error(str(problem))
            error("quizzer: fix the deck and save it to check it again")
            return
        done = self.checker.run(self._trusted(decks))
        record_checks(done.results, self.checker.pool.info.device, partial=self.checker.options.pattern is not None)
        lines = result_lines(done.rechecked, verbose=self.verbose or not first)  # after an edit, passes are news
        if not first:
            count = len(done.rechecked)
            lines.insert(0, f"checked {count} new or changed question{'s' if count != 1 else ''}")
        typer.echo("\n".join([*lines, summary_line(done.results)]))

    def _trusted(self, decks: list[Deck]) -> list[Deck]:
        from quizzer.decks.trust import deck_is_trusted

        if self.trusted_by_flag:
            return decks
        allowed = []
        for deck in decks:
            if not deck_is_trusted(deck):
                error(
                    f"quizzer: {deck.path} is not trusted: its snippets would run on this machine. "
                    f"Read it, run `quizzer trust {deck.path}` and save it again, or watch with --trust."
                )
                continue
            allowed.append(deck)
        return allowed


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # removed, or being replaced by an editor's save


def _deck_filter(chosen: list[Path]) -> Callable[[object, str], bool]:
    """Which changed paths concern the watch: the deck files named, and deck files under the folders named."""
    files = {path.resolve() for path in chosen if not path.is_dir()}
    folders = [path.resolve() for path in chosen if path.is_dir()]

    def wanted(_change: object, changed: str) -> bool:
        path = Path(changed).resolve()
        return path in files or (path.suffix in DECK_SUFFIXES and any(path.is_relative_to(f) for f in folders))

    return wanted
