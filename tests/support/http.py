"""A real HTTP server on 127.0.0.1 serving recorded payloads, so no test reaches the internet."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    """The response body."""
    status: int = 200
    """The HTTP status."""
    content_type: str = "application/json"
    """The Content-Type header."""
    headers: dict[str, str] = field(default_factory=dict)
    """Extra response headers."""
    delay: float = 0.0
    """Seconds to wait before answering (to test timeouts)."""
    drip: float = 0.0
    """Seconds between single bytes of the whole answer, status line included (a server that
    trickles so each read stays within a timeout, for ever)."""


@dataclass
class Request:
    """A request the server received."""

    path: str
    """Path with query string."""
    headers: dict[str, str]
    """Request headers."""


class LocalHTTPServer:
    """Serve routes set by the test: `server.route("/api/x", body=...)`; `server.url` is the root."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | list[Route]] = {}
        self.requests: list[Request] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server.requests.append(Request(self.path, dict(self.headers)))
                route = server.find(self.path)
                if route is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.drip:
                    self._drip(route)
                    return
                try:
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.content_type)
                    self.send_header("Content-Length", str(len(route.body)))
                    for key, value in route.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def _drip(self, route: Route) -> None:
                head = (f"HTTP/1.1 {route.status} OK\r\nContent-Type: {route.content_type}\r\n"
                        f"Content-Length: {len(route.body)}\r\n\r\n").encode()
                try:
                    for byte in head + route.body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(route.drip)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass  # the client cut it off: what a deadline is for

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """The server's root, e.g. http://127.0.0.1:43121."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def route(self, path: str, body: bytes | str | Path = b"", **options) -> None:
        """Answer `path` (exact, or a prefix ending in `*`) with `body` (bytes, text or a file)."""
        if isinstance(body, Path):
            body = body.read_bytes()
        elif isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = Route(body=body, **options)

    def answers(self, path: str, *routes: Route) -> None:
        """Answer `path` with each of `routes` in turn, the last one from then on."""
        self.routes[path] = list(routes)

    def find(self, path: str) -> Route | None:
        found = self._find(path)
        if isinstance(found, list):
            return found.pop(0) if len(found) > 1 else found[0]
        return found

    def _find(self, path: str) -> Route | list[Route] | None:
        if path in self.routes:
            return self.routes[path]
        bare = path.split("?", 1)[0]
        if bare in self.routes:
            return self.routes[bare]
        prefixes = [p for p in self.routes if p.endswith("*") and path.startswith(p[:-1])]
        return self.routes[max(prefixes, key=len)] if prefixes else None

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
