"""Matilda (menu.matildaplatform.com): the page's Next.js data, meals in the Open Meal shape
(data-sources.md §4.3, §4.6)."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote, urlparse

from skills.menu.providers.base import Provider, ProviderError, add_dish, day_of, within
from skills.menu.store import DayMeals

_NEXT_DATA = re.compile(r'<script[^>]*id="__NEXT_DATA__"[^>]*>(.*?)</script>', re.DOTALL | re.IGNORECASE)


class MatildaProvider(Provider):
    """`menu.id` is the menu's "<24-hex id>_<name>" or its menu.matildaplatform.com address."""

    name = "matilda"
    base_url = "https://menu.matildaplatform.com"

    def _fetch(self, first: dt.date, last: dt.date) -> dict[dt.date, DayMeals]:
        url = f"{self.root}/meals/week/{self._menu_id()}"
        text = self.get(url, params={"startDate": first.isoformat(), "endDate": last.isoformat()},
                        user_agent=self.browser_user_agent())
        return within(self.parse(text), first, last)

    def _menu_id(self) -> str:
        value = self.settings.id.strip()
        if "://" in value:
            value = urlparse(value).path
        return quote(value.strip("/").split("/")[-1], safe="_-")

    def parse(self, page: str) -> dict[dt.date, DayMeals]:
        """Dishes by day: one dish per course; a meal's name ("Fiskalternativ") is a label."""
        found = _NEXT_DATA.search(page)
        if not found:
            raise ProviderError("matilda: the page has no __NEXT_DATA__ script")
        try:
            data = json.loads(found.group(1))
        except json.JSONDecodeError as exc:
            raise ProviderError(f"matilda: the page's data is not JSON ({exc})") from None
        meals = data["props"]["pageProps"].get("meals")
        if meals is None:
            raise ProviderError("matilda: the page's data has no meals")
        return parse_meals(meals, self)


def parse_meals(meals: list, provider: Provider) -> dict[dt.date, DayMeals]:
    """Open Meal meals → dishes by day and meal."""
    days: dict[dt.date, DayMeals] = {}
    for meal in meals:
        day = day_of(lambda meal=meal: dt.date.fromisoformat(str(meal["date"])[:10]), provider.name)
        if day is None:
            continue
        days.setdefault(day, {})
        name = (meal.get("name") or "").strip()
        ours = provider.meal_of(name)
        for course in meal.get("courses") or []:
            add_dish(days, day, ours, course.get("name") or "", name, provider.settings.words)
    return days
