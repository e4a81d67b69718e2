"""First code a worker process runs: a torch-free trampoline that the parent can pickle.

``multiprocessing`` pickles a process's target by reference, which imports its module in
the parent; pointing it here keeps torch out of the parent. In a forkserver child the
import below is free, because the server preloaded ``quizzer.engine.worker.main`` (and torch with it).
"""

from __future__ import annotations

from multiprocessing.connection import Connection

from quizzer.engine.protocol import WorkerConfig


def main(conn: Connection, config: WorkerConfig) -> None:
    """Run the worker loop; never returns."""
    from quizzer.engine.worker import main as worker_main

    worker_main.serve(conn, config)
