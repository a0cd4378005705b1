"""Web figures: `POST /api/ask` latency and throughput against a running `assistant serve`.

    python benchmarks/web.py [--requests 3000] [--clients 1 8 32] [--seconds 60] [--url URL]

Without --url it starts `assistant serve` on a temp copy of the example preschool on a free
127.0.0.1 port (the weather source pointed at a closed loopback port, so nothing leaves the machine),
and stops it afterwards. The load generator is plain Python threads. Two kinds of client, each at 1,
8 and 32 clients at once:

- **tablet**: one HTTP/1.1 connection kept open per client, the tablet's own tile questions in two
  languages (the same few answers again and again, so their audio is made once);
- **varied**: a new connection per request and a different sentence each time from the held-out
  sets, in every language, with a new clock minute now and then (most answers are new, so each is
  understood, worded and its audio made afresh) - closer to what an outside probe sends.

Every loop is bounded by a request count and a time limit. Target, at 8 tablet clients: at least
400 requests/s and p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    ("sv", "Vad blir det för mat idag?"), ("sv", "Vad är klockan?"), ("sv", "Vilken dag är det idag?"),
    ("sv", "Hur blir vädret idag?"), ("sv", "Vad ska jag ha på mig?"),
    ("en", "What's for lunch today?"), ("en", "What time is it?"), ("en", "What day is it today?"),
]
P99_TARGET_MS = 50.0
RATE_TARGET = 400.0
HELDOUT = Path(__file__).parent / "heldout"


def varied_questions() -> list[tuple[str, str]]:
    """Every held-out sentence of every language, shuffled the same way each run."""
    found = []
    for path in sorted(HELDOUT.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [(document["language"], text) for items in document["intents"].values() for text in items]
    random.Random(7).shuffle(found)
    return found


def start_server(workdir: Path) -> tuple[subprocess.Popen, str]:
    """`assistant serve` on a copy of the example preschool and a free loopback port."""
    config_dir = workdir / "config"
    shutil.copytree(ROOT / "assistant" / "example", config_dir, ignore=shutil.ignore_patterns("var"))
    path = config_dir / "assistant.yml"
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    # Port 9 (discard) on loopback refuses at once: the background refresh never leaves the machine.
    skills = settings.setdefault("skills", {})
    skills["weather"] = {**(skills.get("weather") or {}), "base_url": "http://127.0.0.1:9",
                         "timeout_seconds": 1}
    # The varied clients send their own clock minute, as tests and demos may.
    settings.setdefault("web", {})["fixed_clock"] = True
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (workdir / "serve.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--config", str(config_dir),
                                "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"assistant serve stopped:\n{(workdir / 'serve.log').read_text()}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/health")
            if connection.getresponse().status == 200:
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("assistant serve did not start in time")


class Client:
    """One client: a kept-open connection (a tablet) or a new one per request (a probe)."""

    def __init__(self, url: str, kind: str):
        parts = urlsplit(url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("the load generator only targets this machine (127.0.0.1)")
        self.host, self.port, self.kind = parts.hostname, parts.port, kind
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        self.varied = varied_questions() if kind == "varied" else []

    def body(self, index: int) -> str:
        if self.kind == "tablet":
            lang, text = QUESTIONS[index % len(QUESTIONS)]
            return json.dumps({"text": text, "lang": lang, "session_id": f"bench-{index}"})
        lang, text = self.varied[index % len(self.varied)]
        # A new minute every 20 questions: the clock's answer and its audio change, as in a day.
        now = dt.datetime(2026, 2, 3, 8, 0) + dt.timedelta(minutes=index // 20)
        return json.dumps({"text": text, "lang": lang, "session_id": f"probe-{index}",
                           "now": now.isoformat()})

    def ask(self, index: int) -> float:
        body = self.body(index)
        started = time.perf_counter()
        if self.kind == "varied":
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        self.connection.request("POST", "/api/ask", body, {"Content-Type": "application/json"})
        response = self.connection.getresponse()
        payload = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200 or b'"text"' not in payload:
            raise RuntimeError(f"/api/ask answered {response.status}: {payload[:200]!r}")
        return elapsed


def run(url: str, total: int, clients: int, seconds: float, kind: str = "tablet"
        ) -> tuple[list[float], float]:
    """Send `total` questions from `clients` threads (stopping at `seconds`); latencies and wall time."""
    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + seconds
    errors: list[Exception] = []

    def worker() -> None:
        client = Client(url, kind)
        mine = []
        try:
            while time.monotonic() < deadline:
                with lock:
                    index = next(counter, None)
                if index is None:
                    break
                mine.append(client.ask(index))
        except Exception as exc:  # reported after the run
            errors.append(exc)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        raise SystemExit(f"requests failed: {errors[0]}")
    return latencies, wall


def report(name: str, latencies: list[float], wall: float) -> tuple[float, float]:
    """Print one line of figures; the p99 in ms and the rate."""
    ms = sorted(x * 1000 for x in latencies)
    p50 = statistics.median(ms)
    p90, p99 = ms[int(len(ms) * 0.9) - 1], ms[int(len(ms) * 0.99) - 1]
    rate = len(ms) / wall
    print(f"{name:<24} {len(ms):>6} requests  p50 {p50:6.2f} ms  p90 {p90:6.2f} ms  "
          f"p99 {p99:7.2f} ms  max {ms[-1]:7.2f} ms  {rate:7.1f} requests/s", flush=True)
    return p99, rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server on this machine (default: start one)")
    parser.add_argument("--requests", type=int, default=3000, help="questions in each run")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32],
                        help="concurrent clients of each run")
    parser.add_argument("--kinds", nargs="+", default=["tablet", "varied"], choices=["tablet", "varied"])
    parser.add_argument("--seconds", type=float, default=60, help="time limit of each run")
    args = parser.parse_args()

    process = None
    workdir = Path(tempfile.mkdtemp(prefix="bench-web-"))
    try:
        url = args.url
        if url is None:
            process, url = start_server(workdir)
        print(f"server: {url}  ({os.cpu_count()} cores, client and server on this machine)")
        run(url, 100, 2, args.seconds)  # warm-up: first answers (and their audio) are made once
        judged = None
        for kind in args.kinds:
            for clients in args.clients:
                figures = report(f"{kind}, {clients} client{'s' if clients > 1 else ''}",
                                 *run(url, args.requests, clients, args.seconds, kind))
                if kind == "tablet" and clients == 8:
                    judged = figures
        if judged is None:
            return 0
        p99, rate = judged
        verdict = {True: "met", False: "MISSED"}
        print(f"at 8 tablet clients, target p99 < {P99_TARGET_MS:.0f} ms: {verdict[p99 < P99_TARGET_MS]}; "
              f"target >= {RATE_TARGET:.0f} requests/s: {verdict[rate >= RATE_TARGET]}")
        return 0 if p99 < P99_TARGET_MS and rate >= RATE_TARGET else 1
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
