"""Response keys shared by the weather and clothing answers: when, how warm, and the weather card."""

from __future__ import annotations

import datetime as dt

from assistant.locales import LocaleFormat
from assistant.skills import Card, CardItem, Say
from skills.weather.forecast import Hour, degrees
from skills.weather.symbols import symbol


def when(day: dt.date, part: str | None, today: dt.date, formats: LocaleFormat) -> Say:
    """`idag`, `i eftermiddag`, `imorgon förmiddag`, `på fredag` … as a response key."""
    values = {}
    if day == today:
        key = "when_today"
    elif day == today + dt.timedelta(days=1):
        key = "when_tomorrow"
    else:
        key, values = "when_day", {"weekday": formats.weekday(day)}
    return Say(f"{key}_{part}" if part else key, values)


def temperature(low: int, high: int | None = None) -> Say:
    """`3 grader`, `1 grad`, `mellan 2 och 5 grader` as a response key."""
    if high is None or high == low:
        return Say("degrees_one" if abs(low) == 1 else "degrees", {"value": low})
    return Say("temperature_range", {"low": low, "high": high})


def weather_card(symbol_name: str, low: int, high: int | None = None,
                 feels_like: float | None = None) -> Card:
    """The weather card: the symbol's picture and name, and a thermometer with the temperature."""
    sky = symbol(symbol_name)
    shown = f"{low} °C" if high is None or high == low else f"{low}–{high} °C"
    items = [CardItem(sky.picture, label_key=f"symbol_{sky.name}", value=sky.name),
             CardItem("🌡️", label=shown)]
    data = {"symbol": sky.name, "temperature": low if high is None else (low + high) // 2,
            "low": low, "high": high if high is not None else low}
    if feels_like is not None:
        data["feels_like"] = degrees(feels_like)
    return Card("weather", items, data)


def hour_card(hour: Hour) -> Card:
    """The weather card for one hour."""
    return weather_card(hour.symbol, degrees(hour.temperature), feels_like=hour.feels_like)
