"""Mashie: the public menu page, whose first script holds `weekMenues = {...}` (data-sources.md §4.2)."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote, unquote, urlparse

from skills.menu.providers.base import Provider, ProviderError, add_dish, day_of, within
from skills.menu.store import DayMeals

_JS_DATE = re.compile(r"new Date\((-?\d+)\)")
_NO_MENU = re.compile(r"<h2[^>]*>[^<]*ingen matsedel", re.IGNORECASE)


class MashieProvider(Provider):
    """`menu.id` is the page's "<name>/<id>" ("Sigtuna Kommun/c32fae7a") or its address."""

    name = "mashie"
    base_url = "https://mpi.mashie.com"

    def _fetch(self, first: dt.date, last: dt.date) -> dict[dt.date, DayMeals]:
        url = f"{self.root}/public/menu/{self._path()}"
        # The page only carries its JSON for browsers; the cookie picks Swedish dish names.
        text = self.get(url, headers={"Cookie": "cookieLanguage=sv-SE"},
                        user_agent=self.browser_user_agent())
        return within(self.parse(text), first, last)

    def _path(self) -> str:
        value = self.settings.id.strip()
        if "://" in value:
            value = urlparse(value).path
        for prefix in ("/public/app/", "/public/menu/"):
            if prefix in value:
                value = value.split(prefix, 1)[1]
        return quote(unquote(value.strip("/")), safe="/")

    def parse(self, page: str) -> dict[dt.date, DayMeals]:
        """Dishes by day from the page; each alternative's name ("Lunch vegetariskt") is a label."""
        data = _week_menus(page)
        days: dict[dt.date, DayMeals] = {}
        for week in data.get("Weeks") or []:
            for entry in week.get("Days") or []:
                # DayMenuDate is the epoch milliseconds of the day's local midnight.
                day = day_of(lambda entry=entry: dt.datetime.fromtimestamp(
                    int(entry["DayMenuDate"]) / 1000, self.settings.tz).date(), self.name)
                if day is None:
                    continue
                days.setdefault(day, {})
                for menu in entry.get("DayMenus") or []:
                    name = menu.get("MenuAlternativeName") or ""
                    add_dish(days, day, self.meal_of(name), menu.get("DayMenuName") or "", name,
                             self.settings.words)
        return days


def _week_menus(page: str) -> dict:
    start = page.find("weekMenues")
    if start < 0:
        if _NO_MENU.search(page):
            return {}
        raise ProviderError("mashie: the page has no menu data (no `weekMenues`)")
    brace = page.find("{", start)
    if brace < 0:
        raise ProviderError("mashie: the page's menu data is cut off")
    text = _JS_DATE.sub(r"\1", page[brace:])
    try:
        data, _ = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        raise ProviderError(f"mashie: the page's menu data is not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ProviderError("mashie: the page's menu data is not an object")
    return data
