"""What every forecast provider shares: settings, one HTTP GET through the engine's helper, errors."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any, ClassVar

from assistant.forecast.model import Forecast
from assistant.http import Http, HttpError, HttpReply
from assistant.store import Store

log = logging.getLogger(__name__)


class ProviderError(Exception):
    """The provider could not give a usable forecast (down, slow, refused, or sent garbage)."""


@dataclass
class ProviderSettings:
    """How to reach a provider for one preschool."""

    lat: float
    """The preschool's latitude."""
    lon: float
    """The preschool's longitude."""
    http: Http
    """The installation's HTTP client (its User-Agent, size cap, retries, Retry-After)."""
    timeout: float
    """Seconds one fetch may take in all (connecting, waiting and reading)."""
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
        """One GET within the timeout in all; any status is returned, network trouble → ProviderError."""
        sent = {"Accept": "application/json", **(headers or {})}
        try:
            return self.settings.http.get(url, deadline=self.settings.timeout, params=params, headers=sent,
                                          ok=tuple(range(200, 600)))
        except HttpError as exc:
            raise ProviderError(f"{self.name}: {exc.message}") from None

    def json_of(self, reply: HttpReply) -> Any:
        """The JSON body of a successful reply; anything else → ProviderError."""
        if reply.status not in (200, 203):
            raise ProviderError(f"{self.name}: HTTP {reply.status} from {reply.url}")
        try:
            return json.loads(reply.body)
        except (ValueError, UnicodeDecodeError):
            raise ProviderError(f"{self.name}: the answer is not JSON") from None


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
