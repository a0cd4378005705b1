"""FoodIt webmenu (Matilda's older front end): an RSS feed per week (data-sources.md §4.3)."""

from __future__ import annotations

import datetime as dt
import logging
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qsl, urlencode, urlparse

from skills.menu.providers.base import Provider, ProviderError, add_dish, day_of, within
from skills.menu.store import DayMeals

_DATE = re.compile(r"\b(\d{4})(\d{2})(\d{2})\b")
_COURSE = re.compile(r"(?:^|\s):\s")
# Parameters the feed sets itself: week offset, view, language, day.
_OWN = {"w", "v", "l", "d"}
MAX_WEEKS = 3
log = logging.getLogger(__name__)


class FoodItProvider(Provider):
    """`menu.id` is the menu's query ("r=1&m=180&p=1035&c=10228") or its webmenu.foodit.se address."""

    name = "foodit"
    base_url = "https://webmenu.foodit.se"

    def _fetch(self, first: dt.date, last: dt.date) -> dict[dt.date, DayMeals]:
        monday = first - dt.timedelta(days=first.weekday())
        weeks = min(MAX_WEEKS, (last - monday).days // 7 + 1)
        days: dict[dt.date, DayMeals] = {}
        for week in range(weeks):
            url = f"{self.root}/rss/?{self._query(week)}"
            try:
                days.update(parse_feed(self.get(url)))
            except ProviderError as exc:
                if week == 0:
                    raise
                # Later weeks are often not out yet: not worth a warning, and this week's is kept.
                log.info("menu source foodit: week +%d not read: %s", week, exc)
        return within(days, first, last)

    def _query(self, week: int) -> str:
        value = self.settings.id.strip()
        if "://" in value:
            value = urlparse(value).query
        params = [(k, v) for k, v in parse_qsl(value.lstrip("?")) if k not in _OWN]
        if not params:
            raise ProviderError("foodit: `menu.id` must be the menu's query, e.g. r=1&m=180&p=1035&c=10228")
        return urlencode([*params, ("w", str(week)), ("v", "Week"), ("l", "undefined")])


def parse_feed(text: str) -> dict[dt.date, DayMeals]:
    """Dishes by day: titles like "Måndag 20260105", descriptions ": dish. : dish."."""
    try:
        root = ET.fromstring(text.strip())
    except ET.ParseError as exc:
        raise ProviderError(f"foodit: the feed is not RSS ({exc})") from None
    if root.tag != "rss":
        raise ProviderError(f"foodit: the feed is not RSS (it starts with <{root.tag}>)")
    days: dict[dt.date, DayMeals] = {}
    for item in root.iter("item"):
        found = _DATE.search(item.findtext("title") or "")
        if not found:
            continue
        day = day_of(lambda found=found: dt.date(*(int(part) for part in found.groups())), "foodit")
        if day is None:
            continue
        days.setdefault(day, {})
        for dish in _COURSE.split(item.findtext("description") or ""):
            add_dish(days, day, "lunch", dish.strip().rstrip("."))
    return days
