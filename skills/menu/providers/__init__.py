"""Menu sources, one module each; `requests` is used only here."""

from __future__ import annotations

from skills.menu.providers.base import Provider, ProviderError, ProviderSettings
from skills.menu.providers.foodit import FoodItProvider
from skills.menu.providers.mashie import MashieProvider
from skills.menu.providers.mateo import MateoProvider
from skills.menu.providers.matilda import MatildaProvider
from skills.menu.providers.skolmaten import SkolmatenProvider

PROVIDERS: dict[str, type[Provider]] = {
    p.name: p for p in (SkolmatenProvider, MashieProvider, MatildaProvider, FoodItProvider, MateoProvider)
}
"""Web sources by their name in `menu.source` (`teacher` is not fetched: see teacher.py)."""


def create(source: str, settings: ProviderSettings) -> Provider:
    """The provider for a source name."""
    if source not in PROVIDERS:
        raise ProviderError(f"unknown menu source `{source}` (use {', '.join(PROVIDERS)})")
    return PROVIDERS[source](settings)


__all__ = ["PROVIDERS", "Provider", "ProviderError", "ProviderSettings", "create"]
