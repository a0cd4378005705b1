"""The menu's SQLite tables: dishes teachers enter, and the days fetched from a menu source."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from assistant.store import Store

MEALS = ("breakfast", "lunch", "snack")
"""The meals a preschool serves (canonical `meal` entity values, DESIGN §4)."""
DayMeals = dict[str, list[str]]
"""Meal → its dishes as the kitchen wrote them."""
KEEP_DAYS = 60
"""Fetched days older than this are forgotten (a child asks about yesterday, not last term)."""

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS menu_teacher (
        day TEXT NOT NULL,
        meal TEXT NOT NULL,
        dishes TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (day, meal)
    )""",
    """CREATE TABLE IF NOT EXISTS menu_week (
        weekday INTEGER NOT NULL,
        meal TEXT NOT NULL,
        dishes TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (weekday, meal)
    )""",
    """CREATE TABLE IF NOT EXISTS menu_pictures (
        dish TEXT PRIMARY KEY,
        picture TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS menu_fetched (
        source TEXT NOT NULL,
        day TEXT NOT NULL,
        meals TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (source, day)
    )""",
)
_FETCHES = "menu-fetch"


@dataclass
class FetchRecord:
    """The last time a source was asked, and how it went."""

    at: dt.datetime
    """When it was asked."""
    ok: bool
    """Whether it answered with a menu."""
    days: int
    """How many days it gave."""
    error: str | None
    """What went wrong, in words."""
    last_ok: dt.datetime | None
    """The last time it answered with a menu."""


class MenuStore:
    """Reads and writes the menu tables of the assistant's store."""

    def __init__(self, store: Store):
        self.store = store
        store.schema(_SCHEMA)

    # The pictures teachers chose for dishes (by the dish as a child hears it, in lower case).

    def pictures(self) -> dict[str, str]:
        """Dish → the picture a teacher chose for it."""
        return {r["dish"]: r["picture"] for r in self.store.query("SELECT dish, picture FROM menu_pictures")}

    def set_picture(self, dish: str, picture: str | None, now: dt.datetime) -> None:
        """Show `picture` for `dish` from now on; None: the lexicon's own choice again."""
        if picture is None:
            self.store.execute("DELETE FROM menu_pictures WHERE dish = ?", (dish,))
        else:
            self.store.execute("INSERT INTO menu_pictures (dish, picture, updated_at) VALUES (?, ?, ?) "
                               "ON CONFLICT(dish) DO UPDATE SET picture = excluded.picture, "
                               "updated_at = excluded.updated_at", (dish, picture, now.isoformat()))

    # The teacher's own dishes, by date and meal.

    def teacher_day(self, day: dt.date) -> DayMeals:
        """The teacher's dishes on one day."""
        rows = self.store.query("SELECT meal, dishes FROM menu_teacher WHERE day = ?", (day.isoformat(),))
        return {row["meal"]: json.loads(row["dishes"]) for row in rows}

    def teacher_days(self, first: dt.date | None = None, last: dt.date | None = None
                     ) -> dict[dt.date, DayMeals]:
        """The teacher's dishes for every day in a range (all days when no range is given)."""
        lo = first.isoformat() if first else "0000"
        hi = last.isoformat() if last else "9999"
        rows = self.store.query("SELECT day, meal, dishes FROM menu_teacher WHERE day BETWEEN ? AND ? "
                                "ORDER BY day", (lo, hi))
        days: dict[dt.date, DayMeals] = {}
        for row in rows:
            days.setdefault(dt.date.fromisoformat(row["day"]), {})[row["meal"]] = json.loads(row["dishes"])
        return days

    def set_teacher(self, day: dt.date, meal: str, dishes: list[str], now: dt.datetime) -> None:
        """Keep a teacher's dishes for a meal; an empty list removes the entry."""
        if not dishes:
            self.store.execute("DELETE FROM menu_teacher WHERE day = ? AND meal = ?", (day.isoformat(), meal))
            return
        self.store.execute(
            "INSERT OR REPLACE INTO menu_teacher (day, meal, dishes, updated_at) VALUES (?, ?, ?, ?)",
            (day.isoformat(), meal, json.dumps(dishes, ensure_ascii=False), now.isoformat()))

    # The repeating week as teachers changed it on the admin page (over config/menu.yml's `week:`).

    def teacher_week(self) -> dict[int, DayMeals]:
        """Weekday (0 = Monday) → the meals a teacher set for every such week ([] = nothing served)."""
        week: dict[int, DayMeals] = {}
        for row in self.store.query("SELECT weekday, meal, dishes FROM menu_week"):
            week.setdefault(int(row["weekday"]), {})[row["meal"]] = json.loads(row["dishes"])
        return week

    def set_teacher_week(self, weekday: int, meal: str, dishes: list[str], now: dt.datetime) -> None:
        """Keep a teacher's dishes for one meal of every such weekday (an empty list: nothing)."""
        self.store.execute(
            "INSERT OR REPLACE INTO menu_week (weekday, meal, dishes, updated_at) VALUES (?, ?, ?, ?)",
            (weekday, meal, json.dumps(dishes, ensure_ascii=False), now.isoformat()))

    # What a menu source gave.

    def fetched_day(self, source: str, day: dt.date) -> DayMeals | None:
        """A fetched day's meals ({} for a day the source lists with nothing), None if not fetched."""
        rows = self.store.query("SELECT meals FROM menu_fetched WHERE source = ? AND day = ?",
                                (source, day.isoformat()))
        return json.loads(rows[0]["meals"]) if rows else None

    def fetched_days(self, source: str, first: dt.date, last: dt.date) -> dict[dt.date, DayMeals]:
        """Fetched days in a range."""
        rows = self.store.query(
            "SELECT day, meals FROM menu_fetched WHERE source = ? AND day BETWEEN ? AND ?",
            (source, first.isoformat(), last.isoformat()))
        return {dt.date.fromisoformat(r["day"]): json.loads(r["meals"]) for r in rows}

    def last_fetched_day(self, source: str) -> dt.date | None:
        """The latest day the source has given a menu for."""
        rows = self.store.query("SELECT MAX(day) AS day FROM menu_fetched WHERE source = ?", (source,))
        return dt.date.fromisoformat(rows[0]["day"]) if rows and rows[0]["day"] else None

    def put_fetched(self, source: str, days: dict[dt.date, DayMeals], now: dt.datetime) -> None:
        """Keep fetched days (replacing what was known of them) and forget very old ones."""
        self.store.executemany(
            "INSERT OR REPLACE INTO menu_fetched (source, day, meals, fetched_at) VALUES (?, ?, ?, ?)",
            [(source, day.isoformat(), json.dumps(meals, ensure_ascii=False), now.isoformat())
             for day, meals in days.items()])
        oldest = (now.date() - dt.timedelta(days=KEEP_DAYS)).isoformat()
        self.store.execute("DELETE FROM menu_fetched WHERE day < ?", (oldest,))

    def has_any(self, source: str | None, first: dt.date, last: dt.date) -> bool:
        """Whether any teacher's dish, or any day of `source`, lies in the range."""
        lo, hi = first.isoformat(), last.isoformat()
        if self.store.query("SELECT 1 FROM menu_teacher WHERE day BETWEEN ? AND ? LIMIT 1", (lo, hi)):
            return True
        return source is not None and bool(self.store.query(
            "SELECT 1 FROM menu_fetched WHERE source = ? AND day BETWEEN ? AND ? LIMIT 1", (source, lo, hi)))

    def record_fetch(self, source: str, now: dt.datetime, days: int, error: str | None) -> None:
        """Remember how the last fetch went (refresh timing, the 'menu may be old' note)."""
        previous = self.last_fetch(source)
        last_ok = now if error is None else (previous.last_ok if previous else None)
        value = {"ok": error is None, "days": days, "error": error,
                 "last_ok": last_ok.isoformat() if last_ok else None}
        self.store.cache_put(_FETCHES, source, value, now)

    def last_fetch(self, source: str) -> FetchRecord | None:
        """How the last fetch of a source went, if it was ever fetched."""
        found = self.store.cache_get(_FETCHES, source)
        if found is None:
            return None
        value, at = found
        last_ok = dt.datetime.fromisoformat(value["last_ok"]) if value.get("last_ok") else None
        return FetchRecord(at, bool(value.get("ok")), int(value.get("days", 0)), value.get("error"), last_ok)
