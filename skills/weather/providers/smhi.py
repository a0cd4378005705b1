"""SMHI snow1g v1 point forecast (pmp3g was switched off on 2026-03-31). Data: CC BY 4.0, "Källa: SMHI"."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from assistant.forecast.model import Forecast, Hour, make_hour
from assistant.forecast.symbols import DRIZZLE, HAIL, NONE, RAIN, SLEET, SNOW
from skills.weather.providers.base import Provider, ProviderError, number, utc

log = logging.getLogger(__name__)
MISSING = 9999

# `predominant_precipitation_type_at_surface` (WMO code table 4.201; not pmp3g's old pcat codes).
PRECIPITATION_TYPES = {
    0: NONE, 1: RAIN, 2: RAIN, 3: RAIN, 4: SLEET, 5: SNOW, 6: SNOW, 7: SLEET,
    8: HAIL, 9: HAIL, 10: HAIL, 11: DRIZZLE, 12: DRIZZLE,
}

# Wsymb2 / symbol_code 1–27 → canonical symbols (showers read like their steady kin to a child).
SYMBOLS = {
    1: "clear", 2: "mostly_clear", 3: "partly_cloudy", 4: "partly_cloudy", 5: "cloudy", 6: "cloudy",
    7: "fog", 8: "light_rain", 9: "rain", 10: "heavy_rain", 11: "thunder", 12: "light_sleet",
    13: "sleet", 14: "heavy_sleet", 15: "light_snow", 16: "snow", 17: "heavy_snow", 18: "light_rain",
    19: "rain", 20: "heavy_rain", 21: "thunder", 22: "light_sleet", 23: "sleet", 24: "heavy_sleet",
    25: "light_snow", 26: "snow", 27: "heavy_snow",
}
AMOUNT_KEYS = ("precipitation_amount_mean", "precipitation_amount_mean_deterministic",
               "precipitation_amount_median")


class Smhi(Provider):
    """opendata-download-metfcst.smhi.se, category snow1g version 1."""

    name = "smhi"
    default_base_url = "https://opendata-download-metfcst.smhi.se"
    attribution = "Källa: SMHI"

    def url(self) -> str:
        """The point-forecast URL: longitude before latitude, at most 6 decimals."""
        lon, lat = round(self.settings.lon, 6), round(self.settings.lat, 6)
        return (f"{self.base_url}/api/category/snow1g/version/1/geotype/point/"
                f"lon/{lon}/lat/{lat}/data.json")

    def fetch(self, now: dt.datetime) -> Forecast:
        response = self.get(self.url())
        if response.status == 404:
            raise ProviderError("smhi: no forecast for this place (outside SMHI's area?)")
        return parse(self.json_of(response))


def parse(payload: Any) -> Forecast:
    """A snow1g point forecast as our model; steps with missing essentials are skipped."""
    if not isinstance(payload, dict) or not isinstance(payload.get("timeSeries"), list):
        raise ProviderError("smhi: no `timeSeries` in the answer")
    hours = [hour for step in payload["timeSeries"] if (hour := _hour(step)) is not None]
    if not hours:
        raise ProviderError("smhi: the forecast has no usable time steps")
    issued = utc(payload["createdTime"]) if payload.get("createdTime") else None
    return Forecast("smhi", sorted(hours, key=lambda h: h.time), issued)


def _hour(step: Any) -> Hour | None:
    if not isinstance(step, dict) or not isinstance(step.get("data"), dict):
        return None
    data = step["data"]
    temperature = number(data.get("air_temperature"), MISSING)
    code = number(data.get("symbol_code"), MISSING)
    if temperature is None or code is None or int(code) not in SYMBOLS:
        return None
    try:
        time = utc(step.get("time"))
        start = utc(step["intervalParametersStartTime"]) if step.get("intervalParametersStartTime") else None
    except ProviderError:
        return None
    hours = (time - start).total_seconds() / 3600 if start and start < time else 1.0
    amount = next((v for key in AMOUNT_KEYS if (v := number(data.get(key), MISSING)) is not None), 0.0)
    ptype = number(data.get("predominant_precipitation_type_at_surface"), MISSING)
    probability = number(data.get("probability_of_precipitation"), MISSING)
    return make_hour(
        time, temperature,
        wind=number(data.get("wind_speed"), MISSING),
        gust=number(data.get("wind_speed_of_gust"), MISSING),
        humidity=number(data.get("relative_humidity"), MISSING),
        rate=max(amount, 0.0) / hours,
        candidate=PRECIPITATION_TYPES.get(int(ptype), NONE) if ptype is not None else NONE,
        sky=SYMBOLS[int(code)], probability=probability, hours=hours)
