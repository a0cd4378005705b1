"""The forecast, as several skills need it: one model for every provider, the cache a background
refresh keeps, what a stretch of hours amounts to, and the preschool's outdoor hours.

A skill that fetches forecasts saves them with `cache.save`; any skill reads the current one with
`cache.cached_forecast` (never the network).
"""

from assistant.forecast.cache import cached_forecast
from assistant.forecast.model import Forecast, Hour, degrees, make_hour
from assistant.forecast.periods import Span, next_outdoor_period, spans_for
from assistant.forecast.summary import Summary, has_condition
from assistant.forecast.symbols import SYMBOLS, Symbol, symbol

__all__ = ["SYMBOLS", "Forecast", "Hour", "Span", "Summary", "Symbol", "cached_forecast", "degrees",
           "has_condition", "make_hour", "next_outdoor_period", "spans_for", "symbol"]
