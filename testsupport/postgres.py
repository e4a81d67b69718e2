"""A throwaway PostgreSQL server for tests and benchmarks: started in a temporary folder, stopped at the end.

The server binaries are found on PATH or in the distribution's folder (``/usr/lib/postgresql/<v>/bin``).
PostgreSQL refuses to run as root, so when the test process is root the server runs as the ``postgres``
user (or ``QUIZZER_PG_USER``). It listens only on a Unix socket inside its folder, with ``fsync`` on as
in production: nothing here trades durability for speed. ``unavailable()`` says in one line why no
server can start (no binaries, no unprivileged user), for a skip reason. ``Server.stop()`` stops it
at once (``-m immediate``: what a crash or a lost network looks like to a client) and ``start()``
brings it back on the same data.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from glob import glob
from pathlib import Path

_START_TIMEOUT_S = 60


def server_bin() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``, or None when this machine has no PostgreSQL server."""
    found = shutil.which("initdb") or shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    folders = sorted(glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    return next((Path(folder) for folder in folders if (Path(folder) / "initdb").exists()), None)


def _run_as() -> pwd.struct_passwd | None:
    """The user the server runs as: None for the current user, or the unprivileged one when we are root."""
    if os.geteuid() != 0:
        return None
    return pwd.getpwnam(os.environ.get("QUIZZER_PG_USER", "postgres"))


def unavailable() -> str | None:
    """Why no test server can start here (one line), or None when one can."""
    if server_bin() is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl) on this machine"
    try:
        _run_as()
    except KeyError:
        return "running as root and no unprivileged 'postgres' user to run the server (set QUIZZER_PG_USER)"
    return None


@dataclass(frozen=True)
class Server:
    """A running server: ``url(name)`` is a SQLAlchemy URL of one of its databases."""

    folder: Path
    admin_url: str
    _names: Iterator[int]
    _control: Callable[[str], None]  # runs pg_ctl start or stop

    def url(self, database: str) -> str:
        """The URL of ``database`` on this server (psycopg 3, Unix socket)."""
        return f"postgresql+psycopg://quizzer@/{database}?host={self.folder}"

    def stop(self) -> None:
        """Stop the server at once, without a clean shutdown (clients see their connections fail)."""
        self._control("stop")

    def start(self) -> None:
        """Start the stopped server again on its data (it recovers from its WAL)."""
        self._control("start")

    def new_database(self) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        name = f"quizzer_{next(self._names)}"
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextmanager
def running_server() -> Iterator[Server]:
    """Start a server in a fresh temporary folder; stop it and remove the folder at the end."""
    reason = unavailable()
    if reason is not None:
        raise RuntimeError(reason)
    binaries, user = server_bin(), _run_as()
    assert binaries is not None
    folder = Path(tempfile.mkdtemp(prefix="quizzer-pg-"))
    data = folder / "data"
    as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []} if user else {}
    if user:
        os.chown(folder, user.pw_uid, user.pw_gid)
    log = folder / "server.log"
    try:
        subprocess.run(
            [binaries / "initdb", "-D", data, "-U", "quizzer", "--auth=trust", "-E", "UTF8", "--no-instructions"],
            check=True,
            capture_output=True,
            **as_user,  # type: ignore[arg-type]
        )
        options = f"-k {folder} -c listen_addresses='' -c max_connections=100"
        commands = {
            "start": ["-l", log, "-o", options, "-w", "-t", str(_START_TIMEOUT_S), "start"],
            "stop": ["-m", "immediate", "-w", "stop"],
        }

        def control(action: str) -> None:
            subprocess.run(
                [binaries / "pg_ctl", "-D", data, *commands[action]],
                check=True,
                capture_output=True,
                **as_user,  # type: ignore[arg-type]
            )

        control("start")
        try:
            yield Server(folder, f"host={folder} user=quizzer dbname=postgres", itertools.count(), control)
        finally:
            subprocess.run(
                [binaries / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"],
                check=False,
                capture_output=True,
                **as_user,  # type: ignore[arg-type]
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
