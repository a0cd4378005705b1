"""Weather: SMHI, MET Norway or Open-Meteo, fetched in the background and told in child-sized sentences.

The forecast is kept in the engine's forecast cache (assistant.forecast), where any skill can
read it (the clothing advice does).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.forecast import Forecast, cache, cached_forecast
from assistant.skills import Answer, Command, Skill, SkillContext, SkillRequest, Tile
from skills.weather.answers import WeatherAnswers
from skills.weather.refresh import fetch_forecast

log = logging.getLogger(__name__)
RETRY_AFTER = dt.timedelta(minutes=5)
"""After every provider failed, wait this long before the next try (the APIs ask not to be hammered)."""
Provider = Literal["smhi", "metno", "openmeteo"]

__all__ = ["WeatherSettings", "WeatherSkill"]


class WeatherSettings(BaseModel):
    """`skills.weather:` in assistant.yml."""

    model_config = ConfigDict(extra="forbid")

    provider: Provider = Field("smhi", description="Where forecasts come from.")
    base_url: str | None = Field(None, description="An API root used instead of every provider's own "
                                                   "(a mirror serving the real paths, or a test server).",
        json_schema_extra={"admin": False})
    fallbacks: list[Provider] = Field(["metno", "openmeteo"],
                                      description="Tried in order when the provider fails.")
    refresh_minutes: float = Field(30, gt=0, description="Minutes between background refreshes.")
    timeout_seconds: float = Field(5, gt=0, le=60, description="The longest one provider may take in all.",
        json_schema_extra={"admin": False})


class WeatherSkill(Skill):
    """Answers `weather`; keeps the engine's forecast cache warm (for itself and for other skills)."""

    name = "weather"
    intents = ("weather",)
    tiles = (Tile("weather", "tile_weather", order=20),)
    Settings = WeatherSettings
    provides = ("forecast",)

    def __init__(self, context: SkillContext):
        super().__init__(context)
        self.answers = WeatherAnswers(context)
        self._last_attempt: dt.datetime | None = None

    @property
    def refresh_interval(self) -> float:
        return self.context.settings.refresh_minutes * 60

    def handle(self, request: SkillRequest) -> Answer:
        return self.answers.answer(request, self.forecast(request.now))

    def forecast(self, now: dt.datetime) -> Forecast | None:
        """The cached forecast if it can be presented as current at `now` (never the network)."""
        return cached_forecast(self.context.store, now)

    def tile_picture(self, tile: Tile, now: dt.datetime) -> str | None:
        """The sky outside now on the weather tile, when a current forecast is kept."""
        forecast = self.forecast(now)
        hour = forecast.at(now) if forecast else None
        return hour.sky.picture if hour else None

    def refresh(self, now: dt.datetime) -> None:
        self._last_attempt = now
        fetch_forecast(self.context, now)

    def needs_refresh(self, now: dt.datetime) -> bool:
        if self._last_attempt is not None and abs(now - self._last_attempt) < RETRY_AFTER:
            return False
        kept = cache.load(self.context.store)
        if kept is None:
            return True
        interval = dt.timedelta(seconds=self.refresh_interval)
        # A fixed clock (`--now`) far from the fetch, either way, also needs a forecast for that time.
        return abs(kept.age(now)) >= interval or kept.forecast.at(now) is None

    @classmethod
    def commands(cls) -> list[Command]:
        from skills.weather.commands import show

        return [Command("show", "the next 24 hours of the forecast", show, needs_words=True)]
