"""What every menu source has in common: settings, one HTTP GET through the engine's helper, errors."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from assistant.http import Http, HttpError
from skills.menu.simplify import SourceWords
from skills.menu.store import DayMeals

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
    """Seconds a whole fetch may take (connecting, waiting and reading together)."""
    http: Http
    """The installation's HTTP client (its User-Agent, size cap, retries, Retry-After)."""
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
        """The text at `url`; every failure is a ProviderError, and it never takes longer than the
        timeout in all."""
        try:
            reply = self.settings.http.get(url, deadline=self.settings.timeout, params=params,
                                           headers=headers, user_agent=user_agent)
        except HttpError as exc:
            raise ProviderError(f"{self.name}: {exc.message}") from None
        return reply.text()

    def browser_user_agent(self) -> str:
        """Pages that only answer browsers get a browser-shaped, still honest, User-Agent."""
        return f"Mozilla/5.0 (compatible; {self.settings.http.user_agent})"

    def meal_of(self, name: str | None) -> str | None:
        """Our meal for the source's meal name (None: not a preschool meal)."""
        return self.settings.words.meal_of(name)


def day_of(make: Callable[[], dt.date], source: str) -> dt.date | None:
    """A date a source gives, or None (and a log line) when it is impossible ("31 February"):
    one bad day must not cost the good ones."""
    try:
        return make()
    except (ValueError, TypeError, OverflowError, KeyError) as exc:
        log.warning("%s: skipped a day with an impossible date (%s)", source, exc)
        return None


def add_dish(days: dict[dt.date, DayMeals], day: dt.date, meal: str | None, dish: str,
             label: str | None = None, words: SourceWords | None = None) -> None:
    """Add a dish to a day; a source's alternative name or category is kept as a (label), since
    it may say what the dish is ("Vegetariskt", "Dagens gröna"). A dish with characters the source
    sent broken is left out (and logged): a child must not hear "Tomats�ppa"."""
    days.setdefault(day, {})
    dish = " ".join((dish or "").split())
    if meal is None or not dish:
        return
    if "\ufffd" in dish or "\ufffd" in (label or ""):
        log.warning("left out a dish with broken characters on %s: %r", day, dish)
        return
    label = " ".join((label or "").split())
    plain_names = words.meal_names if words else {}
    if label and label.lower() not in plain_names:
        dish = f"{dish} ({label})"
    days[day].setdefault(meal, []).append(dish)


def within(days: dict[dt.date, DayMeals], first: dt.date, last: dt.date) -> dict[dt.date, DayMeals]:
    """Only the days in the range asked for."""
    return {day: meals for day, meals in sorted(days.items()) if first <= day <= last}
