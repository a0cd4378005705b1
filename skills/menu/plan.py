"""The teacher's week plan, `config/menu.yml`: a repeating week by weekday and dated days."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.yamlfile import YamlDocument, load_yaml
from skills.menu.store import MEALS, DayMeals

PLAN_FILE = "menu.yml"
_DATE_KEY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*:")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
log = logging.getLogger(__name__)


@dataclass
class WeekPlan:
    """What the teacher's file says is served."""

    week: dict[int, DayMeals] = field(default_factory=dict)
    """Weekday (0 = Monday) → meals, repeated every week except on public holidays."""
    days: dict[dt.date, DayMeals] = field(default_factory=dict)
    """Dated days → meals; they replace the week's meals they name ({} = no food that day)."""

    def day(self, day: dt.date, is_holiday: Callable[[dt.date], bool]) -> DayMeals | None:
        """The meals of a day, or None when the plan says nothing about it."""
        repeating = None if is_holiday(day) else self.week.get(day.weekday())
        dated = self.days.get(day)
        if dated is None:
            return dict(repeating) if repeating is not None else None
        if not dated:
            return {}
        return {**(repeating or {}), **dated}

    @property
    def empty(self) -> bool:
        """Whether the file plans nothing."""
        return not self.week and not self.days


def parse_plan(doc: YamlDocument, allow_week: bool = True) -> WeekPlan:
    """Validate a plan document; a mistake is an AssistantError naming its file and line."""
    data = doc.data
    if data is None:
        return WeekPlan()
    if not isinstance(data, dict):
        raise doc.error("expected `week:` (dishes by weekday) and/or `days:` (dishes by date)")
    for key in data:
        if key not in ("week", "days"):
            raise doc.error(f"unknown setting `{key}` (expected `week:` or `days:`)", key)
    plan = WeekPlan()
    week = data.get("week")
    if week is not None:
        if not allow_week:
            raise doc.error("a repeating `week:` belongs in config/menu.yml; this file takes `days:`",
                            "week")
        if not isinstance(week, dict):
            raise doc.error("`week:` lists weekdays, e.g. `monday:`", "week")
        for name, meals in week.items():
            if str(name).lower() not in WEEKDAYS:
                raise doc.error(f"`{name}` is not a weekday (use {', '.join(WEEKDAYS)})", "week", name)
            plan.week[WEEKDAYS.index(str(name).lower())] = _meals(doc, meals, "week", name)
    days = data.get("days")
    if days is not None:
        if not isinstance(days, dict):
            raise doc.error("`days:` lists dates, e.g. `2026-02-13:`", "days")
        for key, meals in days.items():
            day = _date(doc, key)
            plan.days[day] = _meals(doc, meals, "days", str(key))
    return plan


def load_plan(path: Path) -> WeekPlan:
    """Read the teacher's plan file; a missing file is an empty plan."""
    if not path.exists():
        return WeekPlan()
    return parse_plan(read_plan_file(path))


def read_plan_file(path: Path) -> YamlDocument:
    """Parse a plan file (a date that does not exist, like 2026-02-30, is an error with its line)."""
    try:
        return load_yaml(path)
    except ValueError as exc:
        # PyYAML turns date-like keys into dates itself and fails with a plain ValueError.
        raise AssistantError(f"not a date like 2026-02-13 ({exc})", path, _bad_date_line(path)) from None


def _bad_date_line(path: Path) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        found = _DATE_KEY.match(line)
        if found:
            try:
                dt.date.fromisoformat(found.group(1))
            except ValueError:
                return number
    return None


def parse_dishes(value: Any) -> list[str]:
    """Dishes written as a list, or as one text with `;` between dishes."""
    items = value if isinstance(value, list) else str(value).split(";")
    return [str(item).strip() for item in items if item is not None and str(item).strip()]


class PlanFile:
    """The plan file, read again when a teacher saves it (a broken save keeps the last good plan)."""

    def __init__(self, path: Path):
        self.path = path
        self.plan = load_plan(path)
        self._stamp = self._mtime()

    def current(self) -> WeekPlan:
        """The plan as the file now says."""
        stamp = self._mtime()
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                self.plan = load_plan(self.path)
            except AssistantError as exc:
                log.error("menu plan not reloaded, the last good one is kept: %s", exc)
        return self.plan

    def _mtime(self) -> float | None:
        try:
            return self.path.stat().st_mtime
        except OSError:
            return None


def _date(doc: YamlDocument, key: Any) -> dt.date:
    if isinstance(key, dt.datetime):
        return key.date()
    if isinstance(key, dt.date):
        return key
    try:
        return dt.date.fromisoformat(str(key))
    except ValueError:
        raise doc.error(f"`{key}` is not a date like 2026-02-13", "days", str(key)) from None


def _meals(doc: YamlDocument, meals: Any, *where: Any) -> DayMeals:
    if meals is None:
        return {}
    if not isinstance(meals, dict):
        raise doc.error(f"expected meals ({', '.join(MEALS)}) with their dishes", *where)
    parsed: DayMeals = {}
    for meal, dishes in meals.items():
        if meal not in MEALS:
            raise doc.error(f"`{meal}` is not a meal (use {', '.join(MEALS)})", *where, meal)
        if isinstance(dishes, dict) or (isinstance(dishes, list) and any(
                isinstance(d, dict | list) for d in dishes)):
            raise doc.error(f"{meal}: write dishes as text, e.g. \"Fiskbullar med potatis\"",
                            *where, meal)
        parsed[meal] = parse_dishes(dishes) if dishes is not None else []
    return parsed
