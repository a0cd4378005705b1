"""The forecast the background refresh keeps, and the one function turns (and other skills) read it with."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from assistant.forecast.model import Forecast
from assistant.store import Store

log = logging.getLogger(__name__)
NAMESPACE = "forecast"
KEY = "forecast"
MAX_AGE = dt.timedelta(hours=6)
"""A forecast fetched longer ago than this is not presented as current."""


@dataclass
class Cached:
    """The kept forecast and when it was fetched."""

    forecast: Forecast
    """The forecast."""
    fetched_at: dt.datetime
    """When it was fetched (the refresh's clock)."""

    def age(self, now: dt.datetime) -> dt.timedelta:
        """How old it is at `now` (negative when `now` is a fixed clock before the fetch)."""
        return now - self.fetched_at


def load(store: Store) -> Cached | None:
    """The kept forecast, or None if there is none (or it cannot be read, which is logged)."""
    kept = store.cache_get(NAMESPACE, KEY)
    if kept is None:
        return None
    try:
        return Cached(Forecast.from_json(kept[0]), kept[1])
    except (KeyError, TypeError, ValueError):
        log.exception("the cached forecast cannot be read; it will be fetched again")
        return None


def save(store: Store, forecast: Forecast, fetched_at: dt.datetime) -> None:
    """Keep a freshly fetched forecast."""
    store.cache_put(NAMESPACE, KEY, forecast.to_json(), fetched_at)


def cached_forecast(store: Store, now: dt.datetime, max_age: dt.timedelta = MAX_AGE) -> Forecast | None:
    """The forecast to answer from at `now`: None when there is none or it is too old to be current.

    Never touches the network: this is what turns, and other skills such as clothing, call.
    """
    cached = load(store)
    if cached is None or cached.age(now) > max_age:
        return None
    return cached.forecast
