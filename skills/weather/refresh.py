"""Fetch a forecast into the cache: the configured provider first, then the fallbacks."""

from __future__ import annotations

import datetime as dt
import logging

from assistant.forecast import cache
from assistant.forecast.model import Forecast
from assistant.skills import SkillContext
from skills.weather.providers import PROVIDERS, ProviderError, ProviderSettings

log = logging.getLogger(__name__)


def provider_order(context: SkillContext) -> list[str]:
    """The configured provider, then each fallback once."""
    settings = context.settings
    order = [settings.provider, *settings.fallbacks]
    return list(dict.fromkeys(order))


def fetch_forecast(context: SkillContext, now: dt.datetime) -> Forecast | None:
    """The first forecast a provider gives, kept in the cache; None (and the cache untouched) if none does."""
    config, own = context.config, context.settings
    settings = ProviderSettings(config.location.lat, config.location.lon, context.http,
                                own.timeout_seconds, own.base_url)
    for name in provider_order(context):
        provider = PROVIDERS[name](settings, context.store)
        try:
            forecast = provider.fetch(now)
        except ProviderError as exc:
            log.warning("weather provider %s failed: %s", name, exc)
            continue
        except Exception:  # a provider's bug must not stop the fallbacks
            log.exception("weather provider %s failed unexpectedly", name)
            continue
        cache.save(context.store, forecast, now)
        log.info("weather: %d steps from %s", len(forecast.hours), name)
        return forecast
    log.warning("weather: no provider answered; keeping the last forecast")
    return None
