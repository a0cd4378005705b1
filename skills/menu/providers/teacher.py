"""The teacher's own menu: no network; the week plan file and the dishes kept in SQLite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from skills.menu.plan import PlanFile, WeekPlan
from skills.menu.store import DayMeals, MenuStore


class TeacherSource:
    """What the teachers wrote: dated dishes from the admin page or CLI win over the week plan."""

    name = "teacher"

    def __init__(self, plan: PlanFile, store: MenuStore, is_holiday: Callable[[dt.date], bool]):
        self.plan = plan
        self.store = store
        self.is_holiday = is_holiday

    def planned(self, day: dt.date) -> DayMeals | None:
        """The planned meals of a day (None: nothing plans it): the plan file's dated days over the
        repeating week, whose meals a teacher changed on the admin page win over the file's."""
        return self.week_plan().day(day, self.is_holiday)

    def week_plan(self) -> WeekPlan:
        """The plan file with the admin page's changes to the repeating week."""
        written = self.plan.current()
        week = {weekday: dict(meals) for weekday, meals in written.week.items()}
        for weekday, meals in self.store.teacher_week().items():
            week.setdefault(weekday, {}).update(meals)
        return WeekPlan(week, written.days)

    def edited(self, day: dt.date) -> DayMeals:
        """Dishes a teacher set for a day (admin page, `assistant menu set`, imports)."""
        return self.store.teacher_day(day)
