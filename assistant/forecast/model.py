"""One forecast model for every provider: hourly temperature, feels-like, wind, precipitation, symbol."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from assistant.forecast.symbols import DRIZZLE, HEAVY, LIGHT, MODERATE, NONE, Symbol, symbol

# SMHI's intensity limits for precipitation, in mm per hour.
LIGHT_UP_TO = 0.5
MODERATE_UP_TO = 4.0
# Below these a provider's "type of precipitation" is only what would fall if anything fell
# (data-sources §5.3): a trace with a small chance is not rain a child should dress for.
MIN_AMOUNT = 0.1
MIN_PROBABILITY = 40.0


def heat_index(temperature: float, humidity: float | None) -> float:
    """The heat-index temperature (°C) as Laiban computes it; the plain temperature below 27 °C or 40 %."""
    t, r = temperature, humidity
    if r is None or t < 27 or r < 40:
        return t
    return (-8.78469475556 + 1.61139411 * t + 2.33854883889 * r - 0.14611605 * t * r
            - 0.012308094 * t ** 2 - 0.0164248277778 * r ** 2 + 0.002211732 * t ** 2 * r
            + 0.00072546 * t * r ** 2 - 0.000003582 * t ** 2 * r ** 2)


def wind_chill(temperature: float, wind: float | None) -> float:
    """SMHI's wind-chill temperature ("vindens kyleffekt", wind in m/s) within its valid range."""
    t, v = temperature, wind
    if v is None or t > 10 or t < -40 or v < 2 or v > 35:
        return t
    return 13.12 + 0.6215 * t - 13.956 * v ** 0.16 + 0.48669 * t * v ** 0.16


def feels_like(temperature: float, wind: float | None, humidity: float | None) -> float:
    """Feels-like temperature: the wind chill of the heat-index temperature (laiban.md §5)."""
    return wind_chill(heat_index(temperature, humidity), wind)


def degrees(value: float) -> int:
    """A temperature rounded the way people round (2.5 → 3, -2.5 → -3), never "-0"."""
    rounded = math.floor(abs(value) + 0.5)
    return int(math.copysign(rounded, value)) if rounded else 0


def intensity_of(rate: float) -> str:
    """light, moderate or heavy for a precipitation rate in mm per hour (SMHI's limits)."""
    if rate <= LIGHT_UP_TO:
        return LIGHT
    return MODERATE if rate <= MODERATE_UP_TO else HEAVY


def precipitation_kind(candidate: str, sky: Symbol, amount: float, probability: float | None) -> str:
    """Whether it precipitates in an hour, and what: the symbol shows it, or enough is likely to fall.

    `candidate` is what the provider says would fall (SMHI's type at the surface), `none` if unknown.
    """
    kind = candidate if candidate != NONE else sky.precipitation
    if sky.precipitation != NONE:
        return kind
    likely = probability is None or probability >= MIN_PROBABILITY
    if amount >= MIN_AMOUNT and likely and kind != NONE:
        return kind
    return NONE


@dataclass
class Hour:
    """The forecast for one time step (hourly near now, longer steps further ahead)."""

    time: dt.datetime
    """When the values hold (UTC)."""
    temperature: float
    """Air temperature, °C."""
    feels_like: float
    """Feels-like temperature, °C (wind chill and heat index)."""
    wind: float | None
    """Mean wind, m/s."""
    gust: float | None
    """Wind gusts, m/s (None when the provider does not give them)."""
    humidity: float | None
    """Relative humidity, %."""
    precipitation: float
    """Expected precipitation, mm per hour."""
    precipitation_type: str
    """What falls: none, drizzle, rain, sleet, snow or hail (symbols.PRECIPITATION_KINDS)."""
    symbol: str
    """The canonical weather symbol (symbols.SYMBOLS)."""
    probability: float | None = None
    """Chance of precipitation, %, when the provider gives it."""
    hours: float = 1.0
    """How many hours this step stands for."""

    @property
    def sky(self) -> Symbol:
        """The symbol with its picture and meaning."""
        return symbol(self.symbol)

    @property
    def wet(self) -> bool:
        """Whether something falls from the sky."""
        return self.precipitation_type != NONE

    @property
    def intensity(self) -> str | None:
        """light, moderate or heavy when it precipitates (the symbol's word first, else the amount)."""
        if not self.wet:
            return None
        if self.precipitation_type == DRIZZLE:
            return LIGHT
        return self.sky.intensity or intensity_of(self.precipitation)

    def to_json(self) -> dict[str, Any]:
        """A compact, JSON-serialisable form for the cache."""
        return {"t": self.time.isoformat(), "temp": self.temperature, "feel": round(self.feels_like, 2),
                "wind": self.wind, "gust": self.gust, "rh": self.humidity, "mm": self.precipitation,
                "type": self.precipitation_type, "sym": self.symbol, "pop": self.probability,
                "h": self.hours}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Hour:
        """The inverse of `to_json`."""
        return cls(dt.datetime.fromisoformat(data["t"]), data["temp"], data["feel"], data["wind"],
                   data["gust"], data["rh"], data["mm"], data["type"], data["sym"], data["pop"],
                   data["h"])


@dataclass
class Forecast:
    """A provider's forecast for the preschool, in time order."""

    provider: str
    """Which provider it came from (smhi, metno, openmeteo)."""
    hours: list[Hour] = field(default_factory=list)
    """Time steps, earliest first."""
    issued: dt.datetime | None = None
    """When the provider made it (SMHI createdTime, MET updated_at), if known."""

    def at(self, moment: dt.datetime) -> Hour | None:
        """The step closest to `moment`, if one is near enough to describe it."""
        if not self.hours:
            return None
        best = min(self.hours, key=lambda hour: abs(hour.time - moment))
        reach = dt.timedelta(hours=max(1.0, best.hours / 2 + 0.5))
        return best if abs(best.time - moment) <= reach else None

    def between(self, start: dt.datetime, end: dt.datetime) -> list[Hour]:
        """Steps from `start` to `end` (inclusive); where steps are sparse, the one nearest the middle."""
        inside = [hour for hour in self.hours if start <= hour.time <= end]
        if inside:
            return inside
        nearest = self.at(start + (end - start) / 2)
        return [nearest] if nearest else []

    def during(self, spans: list[Any]) -> list[Hour]:
        """The steps of several spans (anything with `start` and `end`), each once, in time order."""
        found = {hour.time: hour for span in spans for hour in self.between(span.start, span.end)}
        return [found[time] for time in sorted(found)]

    @property
    def end(self) -> dt.datetime | None:
        """The last time the forecast describes."""
        return self.hours[-1].time if self.hours else None

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable form for the cache."""
        return {"provider": self.provider, "issued": self.issued.isoformat() if self.issued else None,
                "hours": [hour.to_json() for hour in self.hours]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Forecast:
        """The inverse of `to_json`."""
        issued = dt.datetime.fromisoformat(data["issued"]) if data.get("issued") else None
        return cls(data["provider"], [Hour.from_json(h) for h in data["hours"]], issued)


def make_hour(time: dt.datetime, temperature: float, wind: float | None, gust: float | None,
              humidity: float | None, rate: float, candidate: str, sky: str,
              probability: float | None = None, hours: float = 1.0) -> Hour:
    """An hour from a provider's values, with feels-like and the kind of precipitation worked out."""
    kind = precipitation_kind(candidate, symbol(sky), rate * hours, probability)
    return Hour(time.astimezone(dt.UTC), temperature, feels_like(temperature, wind, humidity), wind, gust,
                humidity, round(rate, 3), kind, sky, probability, hours)

