"""Mateo (meny.mateo.se): a JSON list of days from its API (data-sources.md §4.4)."""

from __future__ import annotations

import datetime as dt
import json
import re

from skills.menu.providers.base import Provider, ProviderError, add_dish, day_of, within
from skills.menu.store import DayMeals

_ID = re.compile(r"(\d+)/?$")


class MateoProvider(Provider):
    """`menu.id` is the school's number (29) or its meny.mateo.se address (…/molndal/29)."""

    name = "mateo"
    base_url = "https://meny-api.mateo.se"

    def _fetch(self, first: dt.date, last: dt.date) -> dict[dt.date, DayMeals]:
        found = _ID.search(self.settings.id.strip())
        if not found:
            raise ProviderError("mateo: `menu.id` must be the school's number, e.g. 29")
        text = self.get(f"{self.root}/api/v1/days/{found.group(1)}",
                        params={"from": first.isoformat(), "to": last.isoformat()},
                        headers={"Accept": "application/json", "Referer": "https://mateo.se/"})
        return within(self.parse(text), first, last)

    def parse(self, text: str) -> dict[dt.date, DayMeals]:
        """Dishes by day; a meal's type ("Dagens gröna") and categories ("Vegetariskt") become labels."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProviderError(f"mateo: the answer is not JSON ({exc})") from None
        if not isinstance(data, list):
            raise ProviderError("mateo: the answer is not a list of days")
        days: dict[dt.date, DayMeals] = {}
        for entry in data:
            # "2026-01-05T00:00:00.000Z" is the menu's date, not a moment to convert.
            day = day_of(lambda entry=entry: dt.date.fromisoformat(str(entry["date"])[:10]), self.name)
            if day is None:
                continue
            days.setdefault(day, {})
            for meal in entry.get("meals") or []:
                kind = meal.get("type") or ""
                categories = [c.get("name", "").strip() for c in meal.get("categories") or []
                              if isinstance(c, dict)]
                label = ", ".join(x for x in [kind, *categories] if x.strip())
                add_dish(days, day, self.meal_of(kind), meal.get("name") or "", label,
                         self.settings.words)
        return days
