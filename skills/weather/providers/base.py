"""What every forecast provider shares: settings, one HTTP GET with a timeout, and its errors."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from dataclasses import dataclass
from typing import Any, ClassVar

import requests

from assistant.store import Store
from skills.weather.forecast import Forecast

log = logging.getLogger(__name__)
MAX_BYTES = 5_000_000
"""No forecast is this big; a larger answer is garbage."""


class ProviderError(Exception):
    """The provider could not give a usable forecast (down, slow, refused, or sent garbage)."""


@dataclass
class ProviderSettings:
    """How to reach a provider for one preschool."""

    lat: float
    """The preschool's latitude."""
    lon: float
    """The preschool's longitude."""
    user_agent: str
    """The installation's honest User-Agent."""
    timeout: float
    """Seconds to wait for connecting and for each read."""
    base_url: str | None = None
    """The API root instead of the provider's own (a mirror, or a local server in tests)."""


class Provider:
    """A forecast source. Subclasses set `name` and `default_base_url` and implement `fetch`."""

    name: ClassVar[str] = ""
    """The name used in `weather.provider` and `weather.fallbacks`."""
    default_base_url: ClassVar[str] = ""
    """The provider's real API root."""
    attribution: ClassVar[str] = ""
    """The credit its licence asks for."""

    def __init__(self, settings: ProviderSettings, store: Store):
        self.settings = settings
        self.store = store

    @property
    def base_url(self) -> str:
        """The API root in use, without a trailing slash."""
        return (self.settings.base_url or self.default_base_url).rstrip("/")

    def fetch(self, now: dt.datetime) -> Forecast:
        """The current forecast; raises ProviderError when there is none to be had."""
        raise NotImplementedError

    def get(self, url: str, params: dict[str, Any] | None = None,
            headers: dict[str, str] | None = None) -> HttpReply:
        """One GET with the installation's User-Agent and the timeout; network trouble → ProviderError."""
        sent = {"User-Agent": self.settings.user_agent, "Accept": "application/json", **(headers or {})}
        # `timeout` bounds each wait; the deadline also bounds a server that trickles bytes forever.
        deadline = time.monotonic() + 2 * self.settings.timeout
        try:
            with requests.get(url, params=params, headers=sent, timeout=self.settings.timeout,
                              stream=True) as response:
                body = bytearray()
                for chunk in response.iter_content(64 * 1024):
                    body += chunk
                    if len(body) > MAX_BYTES:
                        raise ProviderError(f"{self.name}: the answer is larger than {MAX_BYTES} bytes")
                    if time.monotonic() > deadline:
                        raise ProviderError(f"{self.name}: the answer took too long to arrive")
                return HttpReply(response.status_code, dict(response.headers), bytes(body), response.url)
        except requests.RequestException as exc:
            raise ProviderError(f"{self.name}: {type(exc).__name__}: {exc}") from None

    def json_of(self, reply: HttpReply) -> Any:
        """The JSON body of a successful reply; anything else → ProviderError."""
        if reply.status not in (200, 203):
            raise ProviderError(f"{self.name}: HTTP {reply.status} from {reply.url}")
        try:
            return json.loads(reply.body)
        except (ValueError, UnicodeDecodeError):
            raise ProviderError(f"{self.name}: the answer is not JSON") from None


@dataclass
class HttpReply:
    """What a provider's server answered."""

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


def number(value: Any, missing: float | None = None) -> float | None:
    """A numeric value, or None when absent, not a number, or the provider's missing marker."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if missing is not None and value == missing:
        return None
    return float(value)


def utc(text: Any) -> dt.datetime:
    """An ISO-8601 time from a payload, as an aware UTC time; ProviderError when it is not one."""
    try:
        moment = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise ProviderError(f"not a time: {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)
