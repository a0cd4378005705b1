"""MET Norway Locationforecast 2.0 compact. Data from MET Norway (CC BY 4.0).

Its terms are honoured: an identifying User-Agent, no request before the last answer's `Expires`,
and `If-Modified-Since` with the exact last `Last-Modified` string (a 304 keeps what we have).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
from typing import Any

from assistant.forecast.model import Forecast, Hour, make_hour
from assistant.forecast.symbols import NONE
from skills.weather.providers.base import Provider, ProviderError, number, utc

log = logging.getLogger(__name__)
CACHE_NAMESPACE = "weather"
CACHE_KEY = "metno"
PERIODS = (("next_1_hours", 1.0), ("next_6_hours", 6.0))

_DRY = {"clearsky": "clear", "fair": "mostly_clear", "partlycloudy": "partly_cloudy", "cloudy": "cloudy",
        "fog": "fog"}


def symbol_of(code: str) -> str | None:
    """A MET symbol_code (e.g. `lightsnowshowers_day`, or MET's own `lightssleetshowersandthunder`)."""
    base = code.split("_", 1)[0]
    if base in _DRY:
        return _DRY[base]
    if "thunder" in base:
        return "thunder"
    family = next((f for f in ("sleet", "snow", "rain") if f in base), None)
    if family is None:
        return None
    if base.startswith("light"):
        return f"light_{family}"
    return f"heavy_{family}" if base.startswith("heavy") else family


class MetNorway(Provider):
    """api.met.no, locationforecast/2.0/compact."""

    name = "metno"
    default_base_url = "https://api.met.no"
    attribution = "Data from MET Norway"

    def fetch(self, now: dt.datetime) -> Forecast:
        kept = self.store.cache_get(CACHE_NAMESPACE, CACHE_KEY)
        state: dict[str, Any] = kept[0] if kept else {}
        expires = _http_date(state.get("expires"))
        if state.get("forecast") and expires and now < expires:
            log.info("metno: the last answer holds until %s; not asking again", state["expires"])
            return Forecast.from_json(state["forecast"])
        headers = {}
        if state.get("forecast") and state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]
        # Four decimals at most: MET caches by coordinate and blocks needlessly precise ones.
        params = {"lat": round(self.settings.lat, 4), "lon": round(self.settings.lon, 4)}
        response = self.get(f"{self.base_url}/weatherapi/locationforecast/2.0/compact", params, headers)
        if response.status == 304 and state.get("forecast"):
            forecast = Forecast.from_json(state["forecast"])
        else:
            if response.status == 203:
                log.warning("metno: this product version is deprecated or beta (HTTP 203)")
            forecast = parse(self.json_of(response))
        self.store.cache_put(CACHE_NAMESPACE, CACHE_KEY, {
            "forecast": forecast.to_json(),
            "expires": response.header("Expires"),
            "last_modified": response.header("Last-Modified") or state.get("last_modified"),
        }, now)
        return forecast


def parse(payload: Any) -> Forecast:
    """A compact locationforecast as our model; rows without a symbol (the last ones) are skipped."""
    try:
        rows = payload["properties"]["timeseries"]
    except (KeyError, TypeError):
        raise ProviderError("metno: no `properties.timeseries` in the answer") from None
    if not isinstance(rows, list):
        raise ProviderError("metno: `timeseries` is not a list")
    hours = [hour for row in rows if (hour := _hour(row)) is not None]
    if not hours:
        raise ProviderError("metno: the forecast has no usable time steps")
    meta = payload["properties"].get("meta") or {}
    issued = utc(meta["updated_at"]) if isinstance(meta, dict) and meta.get("updated_at") else None
    return Forecast("metno", sorted(hours, key=lambda h: h.time), issued)


def _hour(row: Any) -> Hour | None:
    try:
        data = row["data"]
        details = data["instant"]["details"]
        time = utc(row["time"])
    except (KeyError, TypeError, ProviderError):
        return None
    temperature = number(details.get("air_temperature"))
    # Hourly rows carry next_1_hours; later rows only next_6_hours; the last ones neither.
    found = [(data[block], hours) for block, hours in PERIODS if isinstance(data.get(block), dict)]
    if not found:
        return None
    period, hours = found[0]
    code = (period.get("summary") or {}).get("symbol_code")
    sky = symbol_of(code) if isinstance(code, str) else None
    if temperature is None or sky is None:
        return None
    amount = number((period.get("details") or {}).get("precipitation_amount")) or 0.0
    return make_hour(time, temperature, wind=number(details.get("wind_speed")),
                     gust=number(details.get("wind_speed_of_gust")),
                     humidity=number(details.get("relative_humidity")),
                     rate=max(amount, 0.0) / hours, candidate=NONE, sky=sky, hours=hours)


def _http_date(text: Any) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
