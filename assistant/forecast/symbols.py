"""The weather symbols every provider is mapped to: what a child sees on the card."""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of precipitation, language-independent (the sentences live in nlu_data).
NONE = "none"
DRIZZLE = "drizzle"
RAIN = "rain"
SLEET = "sleet"
SNOW = "snow"
HAIL = "hail"
PRECIPITATION_KINDS = (NONE, DRIZZLE, RAIN, SLEET, SNOW, HAIL)

LIGHT = "light"
MODERATE = "moderate"
HEAVY = "heavy"


@dataclass(frozen=True)
class Symbol:
    """One canonical weather symbol (the `value` of a weather card item)."""

    name: str
    """The canonical name, e.g. `light_snow`."""
    picture: str
    """The name of the drawn picture shown on the card."""
    precipitation: str = NONE
    """The kind of precipitation the symbol shows (`none` for a dry sky)."""
    intensity: str | None = None
    """light, moderate or heavy for precipitation symbols; None for a dry sky."""
    clear: bool = False
    """Whether the sun is out (clear or nearly clear sky)."""


_ALL = [
    Symbol("clear", "clear", clear=True),
    Symbol("mostly_clear", "mostly_clear", clear=True),
    Symbol("partly_cloudy", "partly_cloudy"),
    Symbol("cloudy", "cloudy"),
    Symbol("fog", "fog"),
    Symbol("light_rain", "light_rain", RAIN, LIGHT),
    Symbol("rain", "rain", RAIN, MODERATE),
    Symbol("heavy_rain", "heavy_rain", RAIN, HEAVY),
    Symbol("light_sleet", "sleet", SLEET, LIGHT),
    Symbol("sleet", "sleet", SLEET, MODERATE),
    Symbol("heavy_sleet", "sleet", SLEET, HEAVY),
    Symbol("light_snow", "light_snow", SNOW, LIGHT),
    Symbol("snow", "snow", SNOW, MODERATE),
    Symbol("heavy_snow", "heavy_snow", SNOW, HEAVY),
    Symbol("thunder", "thunder", RAIN, HEAVY),
]
SYMBOLS: dict[str, Symbol] = {s.name: s for s in _ALL}
"""Canonical symbols by name."""


def symbol(name: str) -> Symbol:
    """The symbol called `name` (an unknown name reads as a cloudy sky rather than failing a turn)."""
    return SYMBOLS.get(name, SYMBOLS["cloudy"])

