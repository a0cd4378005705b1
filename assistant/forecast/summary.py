"""What a stretch of forecast hours amounts to, in the terms a child's answer needs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from assistant.forecast.model import Hour, degrees
from assistant.forecast.symbols import DRIZZLE, HAIL, HEAVY, LIGHT, MODERATE, NONE, RAIN, SLEET, SNOW

# Laiban's bands: at or below 10 °C feels-like is "cold", above 16 °C "warm" (laiban.md §3.2).
COLD_UP_TO = 10.0
WARM_ABOVE = 16.0
# Windy for a child: a fresh mean wind or strong gusts (data-sources §5.3 suggests gusts ≥ ~10 m/s).
WINDY_MEAN = 6.0
WINDY_GUST = 10.0

CONDITION_KINDS = {"rain": (DRIZZLE, RAIN, SLEET, HAIL), "snow": (SNOW, SLEET)}
_INTENSITY_RANK = {LIGHT: 0, MODERATE: 1, HEAVY: 2}


def is_windy(hour: Hour) -> bool:
    """Whether a child would call it windy."""
    return (hour.wind or 0) >= WINDY_MEAN or (hour.gust or 0) >= WINDY_GUST


def has_condition(hour: Hour, condition: str) -> bool:
    """Whether an hour shows a `condition` entity value (rain, snow, sun, wind, cold, warm)."""
    if condition in CONDITION_KINDS:
        return hour.precipitation_type in CONDITION_KINDS[condition]
    if condition == "sun":
        return hour.sky.clear and not hour.wet
    if condition == "wind":
        return is_windy(hour)
    if condition == "cold":
        return hour.feels_like <= COLD_UP_TO
    if condition == "warm":
        return hour.feels_like > WARM_ABOVE
    return False


def sky_key(hours: list[Hour]) -> str:
    """The sky in one word-key (`snow_light`, `rain`, `cloudy` …) for the `sky_*` responses."""
    if any(hour.symbol == "thunder" for hour in hours):
        return "thunder"
    wet = [hour for hour in hours if hour.wet]
    if wet:
        kind = Counter(hour.precipitation_type for hour in wet).most_common(1)[0][0]
        if kind in (DRIZZLE, SLEET, HAIL):
            return kind
        strongest = max((h.intensity or LIGHT for h in wet if h.precipitation_type == kind),
                        key=_INTENSITY_RANK.__getitem__)
        return {LIGHT: f"{kind}_light", MODERATE: kind, HEAVY: f"{kind}_heavy"}[strongest]
    return most_common_symbol(hours)


def most_common_symbol(hours: list[Hour]) -> str:
    """The symbol most hours show (the wettest one if anything falls)."""
    wet = [hour for hour in hours if hour.wet]
    if wet:
        return max(wet, key=lambda h: (_INTENSITY_RANK[h.intensity or LIGHT], h.precipitation)).symbol
    return Counter(hour.symbol for hour in hours).most_common(1)[0][0]


@dataclass
class Summary:
    """Several forecast hours summed up."""

    hours: list[Hour]
    """The hours summed up (at least one)."""

    @property
    def low(self) -> int:
        """The lowest temperature, rounded."""
        return degrees(min(hour.temperature for hour in self.hours))

    @property
    def high(self) -> int:
        """The highest temperature, rounded."""
        return degrees(max(hour.temperature for hour in self.hours))

    @property
    def coldest(self) -> float:
        """The lowest feels-like temperature (children dress for the coldest part)."""
        return min(hour.feels_like for hour in self.hours)

    @property
    def warmest(self) -> float:
        """The highest feels-like temperature."""
        return max(hour.feels_like for hour in self.hours)

    @property
    def wet(self) -> list[Hour]:
        """The hours when something falls."""
        return [hour for hour in self.hours if hour.wet]

    @property
    def precipitation(self) -> str:
        """The kind of precipitation most of the wet hours have, or `none`."""
        wet = self.wet
        if not wet:
            return NONE
        return Counter(hour.precipitation_type for hour in wet).most_common(1)[0][0]

    @property
    def clear(self) -> bool:
        """Whether it is a clear stretch: at least half of the hours sunny, none wet."""
        sunny = sum(1 for hour in self.hours if hour.sky.clear)
        return not self.wet and sunny * 2 >= len(self.hours)

    @property
    def symbol(self) -> str:
        """The symbol to show for the whole stretch."""
        return most_common_symbol(self.hours)

    @property
    def sky(self) -> str:
        """The `sky_*` key of the stretch."""
        return sky_key(self.hours)

    def matching(self, condition: str) -> list[Hour]:
        """The hours that show `condition`."""
        return [hour for hour in self.hours if has_condition(hour, condition)]
