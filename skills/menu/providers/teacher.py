"""The teacher's own menu: no network; the week plan file and the dishes kept in SQLite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from skills.menu.plan import PlanFile
from skills.menu.store import DayMeals, MenuStore


class TeacherSource:
    """What the teachers wrote: dated dishes from the admin page or CLI win over the week plan."""

    name = "teacher"

    def __init__(self, plan: PlanFile, store: MenuStore, is_holiday: Callable[[dt.date], bool]):
        self.plan = plan
        self.store = store
        self.is_holiday = is_holiday

    def planned(self, day: dt.date) -> DayMeals | None:
        """The plan file's meals for a day (None: the file says nothing about it)."""
        return self.plan.current().day(day, self.is_holiday)

    def edited(self, day: dt.date) -> DayMeals:
        """Dishes a teacher set for a day (admin page, `assistant menu set`, imports)."""
        return self.store.teacher_day(day)
