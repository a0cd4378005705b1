"""One way to fetch from the network, for every skill's data source.

Every request has a *total* deadline: connecting, the headers and the whole body together, so a
server that drips a byte a second cannot hold a refresh for ever. Answers are capped in size,
failures that may pass (a refused connection, HTTP 5xx) are tried again with a growing pause while
the deadline allows, and a server's `Retry-After` (HTTP 429 or 503) is obeyed: until then no
request goes to that host. `requests` is used here and nowhere else.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import json
import logging
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

log = logging.getLogger(__name__)
MAX_BYTES = 5_000_000
"""No menu page or forecast is this big; a larger answer is not what was asked for."""
RETRY_STATUSES = frozenset({500, 502, 503, 504})
"""Statuses a second try may get past."""
MAX_RETRY_AFTER = 24 * 3600.0
"""The longest `Retry-After` obeyed (a server asking for a week is asking for a day)."""


class HttpError(Exception):
    """A fetch failed; the message says why in one line (for the log and for a teacher)."""

    def __init__(self, message: str, status: int | None = None, passing: bool = False):
        super().__init__(message)
        self.message = message
        """What went wrong."""
        self.status = status
        """The HTTP status, when the server answered."""
        self.passing = passing
        """Whether it may pass, so that trying again soon makes sense (a refused connection)."""


@dataclass
class HttpReply:
    """What a server answered."""

    status: int
    """The HTTP status."""
    headers: dict[str, str]
    """Response headers (names as the server sent them)."""
    body: bytes
    """The body."""
    url: str
    """The URL asked, with its query."""

    def header(self, name: str) -> str | None:
        """A header's value, whatever the case of its name."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)

    @property
    def charset(self) -> str:
        """The charset the server names; UTF-8 when it names none (requests would guess Latin-1)."""
        for part in (self.header("Content-Type") or "").split(";"):
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip('"')
        return "utf-8"

    def text(self) -> str:
        """The body as text; bytes that are not valid in its charset become U+FFFD (callers that
        show text to children drop what contains it)."""
        try:
            return self.body.decode(self.charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON; HttpError when it is not."""
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            raise HttpError(f"{self.url} did not answer with JSON", self.status) from None


class Http:
    """The HTTP client of one installation: its User-Agent, limits, and what servers asked of it."""

    def __init__(self, user_agent: str, max_bytes: int = MAX_BYTES, retries: int = 2,
                 backoff: float = 0.5):
        self.user_agent = user_agent
        """An honest User-Agent naming the installation."""
        self.max_bytes = max_bytes
        """The largest answer accepted."""
        self.retries = retries
        """How many times a failure that may pass is tried again (within the deadline)."""
        self.backoff = backoff
        """Seconds before the first retry; doubled for each next one."""
        self._not_before: dict[str, float] = {}
        self._lock = threading.Lock()

    def get(self, url: str, *, deadline: float, params: dict[str, Any] | None = None,
            headers: dict[str, str] | None = None, ok: tuple[int, ...] = (200,),
            user_agent: str | None = None) -> HttpReply:
        """GET `url` within `deadline` seconds in all; HttpError for anything but an `ok` status.

        Connection trouble and HTTP 5xx are tried again after a pause, as long as the deadline
        leaves time for it."""
        host = urlsplit(url).netloc
        self._check_waiting(host, url)
        sent = {"User-Agent": user_agent or self.user_agent, **(headers or {})}
        ends = time.monotonic() + deadline
        attempt = 0
        while True:
            pause = self.backoff * 2 ** attempt
            last_try = attempt >= self.retries or time.monotonic() + pause >= ends
            try:
                reply = _fetch(url, params, sent, ends, self.max_bytes, deadline)
            except HttpError as exc:
                if last_try or not exc.passing:
                    raise
                failure = exc.message
            else:
                self._remember_wait(host, reply)
                again = reply.status in RETRY_STATUSES and self._wait_left(host) == 0
                if last_try or not again:
                    if reply.status in ok:
                        return reply
                    raise HttpError(f"{url} answered HTTP {reply.status}", reply.status)
                failure = f"{url} answered HTTP {reply.status}"
            log.info("%s; trying again in %.1f s", failure, pause)
            time.sleep(pause)
            attempt += 1

    def _check_waiting(self, host: str, url: str) -> None:
        left = self._wait_left(host)
        if left > 0:
            raise HttpError(f"{host} asked us to wait; not asking {url} for another {left:.0f} s")

    def _wait_left(self, host: str) -> float:
        with self._lock:
            return max(0.0, self._not_before.get(host, 0.0) - time.monotonic())

    def _remember_wait(self, host: str, reply: HttpReply) -> None:
        if reply.status not in (429, 503):
            return
        seconds = retry_after(reply.header("Retry-After"))
        if seconds:
            log.warning("%s answered HTTP %d and asked to wait %.0f s", host, reply.status, seconds)
            with self._lock:
                self._not_before[host] = time.monotonic() + seconds


def retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds a `Retry-After` header asks for: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    seconds = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
    return min(seconds, MAX_RETRY_AFTER) if seconds > 0 else None


# --- one request with a total deadline ------------------------------------------------------------

class _Sockets(threading.local):
    """The sockets the current thread's request opened, so another thread can cut them off."""

    watch: _Watch | None = None


_sockets = _Sockets()


class _Watch:
    """The sockets of one request; `cut()` shuts them down, which ends any read that waits on them."""

    def __init__(self) -> None:
        self._open: list[socket.socket] = []
        self._cut = False
        self._lock = threading.Lock()

    def add(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._open.append(sock)
            cut = self._cut
        if cut:
            _shut(sock)

    def cut(self) -> None:
        with self._lock:
            self._cut = True
            sockets = list(self._open)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: nothing left to cut
        sock.shutdown(socket.SHUT_RDWR)


class _WatchedHTTP(urllib3.connection.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        if _sockets.watch is not None:
            _sockets.watch.add(self.sock)


class _WatchedHTTPS(urllib3.connection.HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        if _sockets.watch is not None:
            _sockets.watch.add(self.sock)


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTP


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPS


class _WatchedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


def _fetch(url: str, params: dict[str, Any] | None, headers: dict[str, str], ends: float,
           max_bytes: int, seconds: float) -> HttpReply:
    """One GET that is over by `ends` (a monotonic time), whatever the server does.

    The request runs in a worker thread; if the deadline passes first, the worker's sockets are
    shut down so its reads end, and the caller gets HttpError at once."""
    watch = _Watch()
    outcome: list[HttpReply | BaseException] = []
    late = f"{url} sent no whole answer within {seconds:g} s"
    worker = threading.Thread(target=_work, args=(url, params, headers, ends, max_bytes, late, watch,
                                                  outcome), name="http-fetch", daemon=True)
    worker.start()
    worker.join(max(0.0, ends - time.monotonic()))
    if worker.is_alive():
        watch.cut()
        worker.join(1.0)
        raise HttpError(late)
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _work(url: str, params: dict[str, Any] | None, headers: dict[str, str], ends: float, max_bytes: int,
          late: str, watch: _Watch, outcome: list[HttpReply | BaseException]) -> None:
    _sockets.watch = watch
    try:
        outcome.append(_read(url, params, headers, ends, max_bytes, late))
    except BaseException as exc:  # handed to the caller's thread
        outcome.append(exc)
    finally:
        _sockets.watch = None


def _read(url: str, params: dict[str, Any] | None, headers: dict[str, str], ends: float,
          max_bytes: int, late: str) -> HttpReply:
    left = max(0.05, ends - time.monotonic())
    with requests.Session() as session:
        adapter = _WatchedAdapter(max_retries=0)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        try:
            with session.get(url, params=params, headers=headers, timeout=left, stream=True) as response:
                body = bytearray()
                for chunk in response.iter_content(16 * 1024):
                    body += chunk
                    if len(body) > max_bytes:
                        raise HttpError(f"{url} sent an answer larger than {max_bytes} bytes")
                    if time.monotonic() > ends:
                        raise HttpError(late)
                return HttpReply(response.status_code, dict(response.headers), bytes(body), response.url)
        except requests.Timeout:
            raise HttpError(late) from None
        except requests.ConnectionError as exc:
            if time.monotonic() >= ends:
                raise HttpError(late) from None
            raise HttpError(f"cannot reach {url} ({_short(exc)})", passing=True) from None
        except requests.RequestException as exc:
            raise HttpError(f"the request to {url} failed ({_short(exc)})") from None


def _short(exc: Exception) -> str:
    """The cause in a few words, not urllib3's nested repr of its connection pool."""
    inner = exc.args[0] if exc.args else exc
    reason = getattr(inner, "reason", None) or inner
    text = str(reason)
    # urllib3 starts with its connection's repr: "<…HTTPSConnection …>: Failed to …" or "_Watched…(host=…): …"
    if ": " in text and (text.startswith("<") or text.startswith("_Watched")):
        text = text.split(": ", 1)[1]
    text = text.strip("()")
    return text if len(text) < 160 else text[:157] + "..."
