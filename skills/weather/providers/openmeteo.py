"""Open-Meteo hourly forecast (no key; CC BY 4.0, "Weather data by Open-Meteo.com")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from assistant.forecast.model import Forecast, Hour, make_hour
from assistant.forecast.symbols import NONE
from skills.weather.providers.base import Provider, ProviderError, number

HOURLY = ("temperature_2m", "relative_humidity_2m", "precipitation", "precipitation_probability",
          "weather_code", "wind_speed_10m", "wind_gusts_10m")
# Open-Meteo still answers with the old spellings when they were asked for (or in old recordings).
LEGACY = {"relative_humidity_2m": "relativehumidity_2m", "weather_code": "weathercode",
          "wind_speed_10m": "windspeed_10m", "wind_gusts_10m": "windgusts_10m"}
TO_METRES_PER_SECOND = {"m/s": 1.0, "ms": 1.0, "km/h": 1 / 3.6, "kmh": 1 / 3.6, "mph": 0.44704,
                        "kn": 0.514444, "knots": 0.514444}

# WMO weather codes (Open-Meteo's table) → canonical symbols.
SYMBOLS = {
    0: "clear", 1: "mostly_clear", 2: "partly_cloudy", 3: "cloudy", 45: "fog", 48: "fog",
    51: "light_rain", 53: "light_rain", 55: "rain", 56: "light_rain", 57: "rain",
    61: "light_rain", 63: "rain", 65: "heavy_rain", 66: "light_rain", 67: "heavy_rain",
    71: "light_snow", 73: "snow", 75: "heavy_snow", 77: "light_snow",
    80: "light_rain", 81: "rain", 82: "heavy_rain", 85: "light_snow", 86: "heavy_snow",
    95: "thunder", 96: "thunder", 99: "thunder",
}
DRIZZLE_CODES = {51, 53, 55, 56, 57}


class OpenMeteo(Provider):
    """api.open-meteo.com/v1/forecast, hourly values in UTC and m/s."""

    name = "openmeteo"
    default_base_url = "https://api.open-meteo.com"
    attribution = "Weather data by Open-Meteo.com"

    def fetch(self, now: dt.datetime) -> Forecast:
        params = {"latitude": round(self.settings.lat, 4), "longitude": round(self.settings.lon, 4),
                  "hourly": ",".join(HOURLY), "wind_speed_unit": "ms", "timezone": "GMT",
                  "forecast_days": 7}
        return parse(self.json_of(self.get(f"{self.base_url}/v1/forecast", params)))


def parse(payload: Any) -> Forecast:
    """The `hourly` columns as our model; the times are local to `utc_offset_seconds`."""
    if not isinstance(payload, dict) or not isinstance(payload.get("hourly"), dict):
        raise ProviderError("openmeteo: no `hourly` block in the answer")
    if payload.get("error"):
        raise ProviderError(f"openmeteo: {payload.get('reason', 'error')}")
    hourly, units = payload["hourly"], payload.get("hourly_units") or {}
    offset = dt.timezone(dt.timedelta(seconds=number(payload.get("utc_offset_seconds")) or 0))
    times = hourly.get("time")
    if not isinstance(times, list):
        raise ProviderError("openmeteo: no `hourly.time` column")

    def column(name: str) -> list[Any]:
        values = hourly.get(name, hourly.get(LEGACY.get(name, ""), []))
        return values if isinstance(values, list) else []

    def wind_factor(name: str) -> float:
        unit = units.get(name) or units.get(LEGACY.get(name, "")) or "km/h"
        return TO_METRES_PER_SECOND.get(str(unit).lower(), 1 / 3.6)

    columns = {name: column(name) for name in HOURLY}
    speed, gusts = wind_factor("wind_speed_10m"), wind_factor("wind_gusts_10m")
    hours = []
    for index, text in enumerate(times):
        value = {name: _at(values, index) for name, values in columns.items()}
        hour = _hour(text, offset, value, speed, gusts)
        if hour is not None:
            hours.append(hour)
    if not hours:
        raise ProviderError("openmeteo: the forecast has no usable hours")
    return Forecast("openmeteo", sorted(hours, key=lambda h: h.time))


def _at(values: list[Any], index: int) -> float | None:
    return number(values[index]) if index < len(values) else None


def _hour(text: Any, offset: dt.tzinfo, value: dict[str, float | None], speed: float,
          gusts: float) -> Hour | None:
    try:
        time = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None
    if time.tzinfo is None:
        time = time.replace(tzinfo=offset)
    code, temperature = value["weather_code"], value["temperature_2m"]
    if temperature is None or code is None or int(code) not in SYMBOLS:
        return None
    wind, gust = value["wind_speed_10m"], value["wind_gusts_10m"]
    candidate = "drizzle" if int(code) in DRIZZLE_CODES else NONE
    return make_hour(time, temperature, wind=wind * speed if wind is not None else None,
                     gust=gust * gusts if gust is not None else None,
                     humidity=value["relative_humidity_2m"], rate=max(value["precipitation"] or 0.0, 0.0),
                     candidate=candidate, sky=SYMBOLS[int(code)],
                     probability=value["precipitation_probability"])
