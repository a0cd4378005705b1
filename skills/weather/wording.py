"""How warm, and the weather card, as response keys and pictures."""

from __future__ import annotations

from assistant.forecast.model import Hour, degrees
from assistant.forecast.symbols import symbol
from assistant.skills import Card, CardItem, Say, SkillRequest


def temperature(request: SkillRequest, low: int, high: int | None = None) -> Say:
    """`3 grader`, `1 grad`, `mellan 2 och 5 grader` as a response key, in the language's digits.

    A language whose word for "degrees" changes with the number (Polish 2 stopnie, 5 stopni) gives
    `degrees_few`, `degrees_many` … by its plural categories; `degrees_one` and `degrees` otherwise."""
    formats = request.formats
    if high is None or high == low:
        category = formats.plural(low)
        choices = [f"degrees_{category}"] if category not in ("one", "other") else []
        choices += ["degrees_one"] if category == "one" or abs(low) == 1 else []
        key = next((k for k in choices if request.can_say(k)), "degrees")
        return Say(key, {"value": formats.number(low)})
    return Say("temperature_range", {"low": formats.number(low), "high": formats.number(high)})


THERMOMETERS = ((-5, "thermometer_freezing"), (5, "thermometer_cold"), (12, "thermometer_cool"),
                (18, "thermometer_mild"), (25, "thermometer_warm"))
"""Below each temperature (°C), the thermometer drawn: a child sees cold or warm, not a number."""


def thermometer(celsius: float) -> str:
    """The thermometer picture for a temperature: freezing, cold, cool, mild, warm or hot."""
    return next((name for limit, name in THERMOMETERS if celsius < limit), "thermometer_hot")


def feel(celsius: float) -> str:
    """How a temperature feels, the band of its thermometer: freezing, cold, cool, mild, warm, hot
    (the `feel_now_<band>` and `feel_day_<band>` sentences said before any number)."""
    return thermometer(celsius).removeprefix("thermometer_")


def weather_card(symbol_name: str, low: int, high: int | None = None,
                 feels_like: float | None = None) -> Card:
    """The weather card: the symbol's picture and name, and a thermometer with the temperature."""
    sky = symbol(symbol_name)
    shown = f"{low} °C" if high is None or high == low else f"{low}–{high} °C"
    middle = low if high is None else (low + high) / 2
    items = [CardItem(sky.picture, label_key=f"symbol_{sky.name}", value=sky.name),
             CardItem(thermometer(middle), label=shown, value=thermometer(middle))]
    data = {"symbol": sky.name, "temperature": low if high is None else (low + high) // 2,
            "low": low, "high": high if high is not None else low}
    if feels_like is not None:
        data["feels_like"] = degrees(feels_like)
    return Card("weather", items, data)


def hour_card(hour: Hour) -> Card:
    """The weather card for one hour."""
    return weather_card(hour.symbol, degrees(hour.temperature), feels_like=hour.feels_like)
