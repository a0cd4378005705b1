"""Turn a `day` entity value into a date."""

from __future__ import annotations

import datetime as dt

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE = {"yesterday": -1, "today": 0, "tomorrow": 1}


def resolve_day(value: str, today: dt.date) -> dt.date:
    """`tomorrow` → today + 1; a weekday → its next occurrence (today if it is that day)."""
    if value in RELATIVE:
        return today + dt.timedelta(days=RELATIVE[value])
    if value in WEEKDAYS:
        ahead = (WEEKDAYS.index(value) - today.weekday()) % 7
        return today + dt.timedelta(days=ahead)
    return today
