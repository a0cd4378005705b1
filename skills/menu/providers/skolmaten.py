"""Skolmaten.se: the week's RSS feed (api/4), one item per day (data-sources.md §4.1)."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlparse

from skills.menu.providers.base import Provider, ProviderError, add_dish, day_of, within
from skills.menu.store import DayMeals

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


class SkolmatenProvider(Provider):
    """`menu.id` is the school's slug ("skutehagens-skolan") or its skolmaten.se address."""

    name = "skolmaten"
    base_url = "https://skolmaten.se"

    def _fetch(self, first: dt.date, last: dt.date) -> dict[dt.date, DayMeals]:
        # The feed holds the current week only; year and week parameters are ignored by the site.
        url = f"{self.root}/api/4/rss/week/{quote(self._slug(), safe='-_.')}"
        return within(parse_feed(self.get(url, params={"locale": "sv"})), first, last)

    def _slug(self) -> str:
        value = self.settings.id.strip()
        if "://" in value:
            value = urlparse(value).path
        return value.strip("/").split("/")[-1]


def parse_feed(text: str) -> dict[dt.date, DayMeals]:
    """Dishes by day from the RSS text; an item with an empty description is a day without food."""
    try:
        root = ET.fromstring(text.strip())
    except ET.ParseError as exc:
        raise ProviderError(f"skolmaten: the feed is not RSS ({exc})") from None
    if root.tag != "rss" or root.find("channel") is None:
        raise ProviderError(f"skolmaten: the feed is not RSS (it starts with <{root.tag}>)")
    days: dict[dt.date, DayMeals] = {}
    for item in root.iter("item"):
        stamp = email.utils.parsedate(item.findtext("pubDate") or "")
        if stamp is None:
            continue
        # The feed stamps each day at 00:00 GMT: the date itself is the menu's day.
        day = day_of(lambda stamp=stamp: dt.date(stamp[0], stamp[1], stamp[2]), "skolmaten")
        if day is None:
            continue
        days.setdefault(day, {})
        for dish in _BREAK.split(item.findtext("description") or ""):
            add_dish(days, day, "lunch", dish.strip().rstrip(",").strip())
    return days
