"""What every menu source has in common: settings, one HTTP GET with limits, and its errors."""

from __future__ import annotations

import datetime as dt
import logging
import time
import zoneinfo
from dataclasses import dataclass, field
from typing import ClassVar

import requests

from skills.menu.simplify import SourceWords
from skills.menu.store import DayMeals

MAX_BYTES = 5_000_000
"""A menu page is far smaller; a larger answer is not a menu."""
log = logging.getLogger(__name__)


class ProviderError(Exception):
    """A menu source could not give a menu; the message says why, for the log and the teacher."""


@dataclass
class ProviderSettings:
    """How to reach one menu source."""

    id: str
    """The school's id at the source (a slug, a page path, a number)."""
    base_url: str | None
    """The source's web address when not the usual one (tests, proxies)."""
    timeout: float
    """Seconds to wait for an answer."""
    user_agent: str
    """The installation's honest User-Agent."""
    tz: zoneinfo.ZoneInfo
    """The preschool's time zone (sources that give times, not dates)."""
    words: SourceWords = field(default_factory=SourceWords.load)
    """What the source's meal names mean."""


class Provider:
    """A menu source: `fetch` returns dishes by date and meal, or raises ProviderError."""

    name: ClassVar[str] = ""
    """The source's name in `menu.source`."""
    base_url: ClassVar[str] = ""
    """The source's usual web address."""

    def __init__(self, settings: ProviderSettings):
        if not settings.id:
            raise ProviderError(f"{self.name}: `menu.id` must name the school at {self.name}")
        self.settings = settings
        self.root = (settings.base_url or self.base_url).rstrip("/")

    def fetch(self, first: dt.date, last: dt.date) -> dict[dt.date, DayMeals]:
        """The days from `first` to `last` that the source has (it may have fewer)."""
        try:
            days = self._fetch(first, last)
        except ProviderError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
            # The source answered, but not with a menu we can read (a changed page, an error page).
            raise ProviderError(f"{self.name}: the answer is not a menu we can read "
                                f"({type(exc).__name__}: {exc})") from None
        if not days:
            raise ProviderError(f"{self.name}: the source has no menu for these days (an empty week)")
        return days

    def _fetch(self, first: dt.date, last: dt.date) -> dict[dt.date, DayMeals]:
        raise NotImplementedError

    def get(self, url: str, params: dict[str, str] | None = None,
            headers: dict[str, str] | None = None, user_agent: str | None = None) -> str:
        """The text at `url`; every failure is a ProviderError, and it never waits past the timeout."""
        timeout = self.settings.timeout
        sent = {"User-Agent": user_agent or self.settings.user_agent, **(headers or {})}
        started = time.monotonic()
        try:
            with requests.get(url, params=params, headers=sent, timeout=timeout, stream=True) as response:
                if response.status_code >= 400:
                    raise ProviderError(f"{self.name}: {url} answered HTTP {response.status_code}")
                body = bytearray()
                for chunk in response.iter_content(65536):
                    body.extend(chunk)
                    if len(body) > MAX_BYTES:
                        raise ProviderError(f"{self.name}: {url} sent more than {MAX_BYTES} bytes")
                    if time.monotonic() - started > 2 * timeout:
                        # A server dripping bytes would keep each read within the timeout forever.
                        raise ProviderError(f"{self.name}: {url} was too slow (over {2 * timeout:g} s)")
                encoding = _charset(response.headers.get("Content-Type", ""))
        except requests.Timeout:
            raise ProviderError(f"{self.name}: no answer from {url} within {timeout:g} s") from None
        except requests.ConnectionError as exc:
            raise ProviderError(f"{self.name}: cannot reach {url} ({_reason(exc)})") from None
        except requests.RequestException as exc:
            raise ProviderError(f"{self.name}: request to {url} failed ({_reason(exc)})") from None
        try:
            return bytes(body).decode(encoding, errors="replace")
        except LookupError:
            return bytes(body).decode("utf-8", errors="replace")

    def browser_user_agent(self) -> str:
        """Pages that only answer browsers get a browser-shaped, still honest, User-Agent."""
        return f"Mozilla/5.0 (compatible; {self.settings.user_agent})"

    def meal_of(self, name: str | None) -> str | None:
        """Our meal for the source's meal name (None: not a preschool meal)."""
        return self.settings.words.meal_of(name)


def add_dish(days: dict[dt.date, DayMeals], day: dt.date, meal: str | None, dish: str,
             label: str | None = None, words: SourceWords | None = None) -> None:
    """Add a dish to a day; a source's alternative name or category is kept as a (label), since
    it may say what the dish is ("Vegetariskt", "Dagens gröna")."""
    days.setdefault(day, {})
    dish = " ".join((dish or "").split())
    if meal is None or not dish:
        return
    label = " ".join((label or "").split())
    plain_names = words.meal_names if words else {}
    if label and label.lower() not in plain_names:
        dish = f"{dish} ({label})"
    days[day].setdefault(meal, []).append(dish)


def within(days: dict[dt.date, DayMeals], first: dt.date, last: dt.date) -> dict[dt.date, DayMeals]:
    """Only the days in the range asked for."""
    return {day: meals for day, meals in sorted(days.items()) if first <= day <= last}


def _charset(content_type: str) -> str:
    """The charset a server names; menus are UTF-8 when it names none (requests would guess Latin-1)."""
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip('"')
    return "utf-8"


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 160 else text[:157] + "..."
