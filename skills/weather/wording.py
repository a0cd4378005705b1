"""How warm, and the weather card, as response keys and pictures."""

from __future__ import annotations

from assistant.forecast.model import Hour, degrees
from assistant.forecast.symbols import symbol
from assistant.skills import Card, CardItem, Say


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
