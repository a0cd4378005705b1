"""Real web servers for tests: the app in a uvicorn thread, or `assistant serve` as a process."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import requests
import uvicorn

from assistant.config import PROJECT_ROOT
from tests.support.preschool import copy_example

PASSWORD = "solros-larare-42"
"""The admin password the test servers are given."""


def csrf_of(html: str) -> str:
    """The CSRF token of an admin page's form."""
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_config(target: Path) -> Path:
    """A fresh copy of the example preschool (without its SQLite file)."""
    return copy_example(target)


class ThreadServer:
    """An ASGI app served by uvicorn on a free port, in a thread of the test process."""

    def __init__(self, app) -> None:
        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)

    def close(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


@dataclass
class ServeProcess:
    """`assistant serve` running as its own process, the way a preschool starts it."""

    url: str
    """Where it listens."""
    config_dir: Path
    """Its preschool folder (a temp copy)."""
    process: subprocess.Popen
    """The server process."""
    log: Path
    """Everything it printed."""

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def assistant_command(*args: str, stdin: str | None = None, timeout: float = 120,
                      python: str = sys.executable) -> subprocess.CompletedProcess:
    """Run the `assistant` command line in a child process (of another environment's `python`)."""
    return subprocess.run([python, "-m", "assistant", *args], input=stdin, capture_output=True,
                          text=True, timeout=timeout, cwd=PROJECT_ROOT, env=_env())


def start_serve(config_dir: Path, timeout: float = 90, python: str = sys.executable) -> ServeProcess:
    """Start `assistant serve --config DIR --port P` and wait until it answers."""
    port = free_port()
    log = config_dir.parent / f"serve-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [python, "-m", "assistant", "serve", "--config", str(config_dir), "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT, env=_env())
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"assistant serve stopped: {log.read_text()}")
        try:
            if requests.get(f"{url}/api/health", timeout=5).ok:
                return ServeProcess(url, config_dir, process, log)
        except requests.RequestException:   # not listening yet, or still starting up
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"assistant serve did not answer in time: {log.read_text()}")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    return env
