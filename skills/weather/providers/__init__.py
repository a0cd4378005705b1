"""Forecast providers, by the name used in `weather.provider` (DESIGN §4)."""

from __future__ import annotations

from skills.weather.providers.base import Provider, ProviderError, ProviderSettings
from skills.weather.providers.metno import MetNorway
from skills.weather.providers.openmeteo import OpenMeteo
from skills.weather.providers.smhi import Smhi

PROVIDERS: dict[str, type[Provider]] = {p.name: p for p in (Smhi, MetNorway, OpenMeteo)}
"""Provider classes by name."""

__all__ = ["PROVIDERS", "Provider", "ProviderError", "ProviderSettings"]
