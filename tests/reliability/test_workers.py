"""A server that is killed takes its listening workers with it: each holds a recogniser's model
(a Whisper model is a quarter of a gigabyte), and orphans would pile up on a tablet's server or
a CI machine with every restart."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.fixtures.speech.voices import preschool

ROOT = Path(__file__).resolve().parents[2]


def children_of(pid: int) -> set[int]:
    """Processes whose parent is `pid` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def command_of(pid: int) -> bytes:
    return Path(f"/proc/{pid}/cmdline").read_bytes()


def alive(pid: int) -> bool:
    """Running (an ended process not yet reaped, a zombie, counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_server_leaves_no_listening_workers(tmp_path: Path) -> None:
    config_dir = preschool(tmp_path / "config")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--config", str(config_dir),
                               "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        for _ in range(600):  # start-up, then the listening workers warm up
            try:
                requests.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
                workers = {p for p in children_of(server.pid) if b"spawn_main" in command_of(p)}
            except (requests.ConnectionError, OSError):
                pass
            if len(workers) >= 2:
                break
            time.sleep(0.1)
        assert len(workers) >= 2, "the server started no listening workers"
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
    for _ in range(300):
        if not any(alive(p) for p in workers):
            break
        time.sleep(0.1)
    left = [p for p in workers if alive(p)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"workers outlived their server: {left}"
