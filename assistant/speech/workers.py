"""Worker processes for the heavy speech models, started fresh and ended with their server.

A recogniser or a neural voice holds a few hundred megabytes and a native library that may crash.
In a worker process of its own it cannot stop the web server, its memory is given back when it
ends, and the server's own process stays small.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PARENT_CHECK_SECONDS = 1.0
"""How often a worker looks whether its server still runs."""


def follow_parent(parent: int) -> None:
    """In a worker process: end when the server that started it is gone. A killed server leaves
    its workers waiting on a queue whose other end a sibling worker still holds, so they would
    never notice (each holds a model: a quarter of a gigabyte)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="follow-parent").start()


def process_pool(workers: int) -> ProcessPoolExecutor:
    """`workers` fresh interpreters (not forks of a server with threads running) that follow this process."""
    spawn = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, mp_context=spawn, initializer=follow_parent, initargs=(os.getpid(),))
