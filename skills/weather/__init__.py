"""Weather: SMHI, MET Norway or Open-Meteo, fetched in the background and told in child-sized sentences."""

from __future__ import annotations

import argparse
import datetime as dt
import logging

from assistant.skills import Answer, Skill, SkillContext, SkillRequest
from skills.weather import cache
from skills.weather.answers import WeatherAnswers
from skills.weather.cache import cached_forecast
from skills.weather.forecast import Forecast
from skills.weather.refresh import fetch_forecast

log = logging.getLogger(__name__)
RETRY_AFTER = dt.timedelta(minutes=5)
"""After every provider failed, wait this long before the next try (the APIs ask not to be hammered)."""

__all__ = ["WeatherSkill", "cached_forecast"]


class WeatherSkill(Skill):
    """Answers `weather`; keeps the forecast cache warm for itself and for the clothing skill."""

    name = "weather"
    intents = ("weather",)

    def __init__(self, context: SkillContext):
        super().__init__(context)
        # An instance attribute: the interval is the preschool's setting, not the class's.
        self.refresh_interval = context.config.weather.refresh_minutes * 60
        self.answers = WeatherAnswers(context.config)
        self._last_attempt: dt.datetime | None = None

    def handle(self, request: SkillRequest) -> Answer:
        return self.answers.answer(request, self.forecast(request.now))

    def forecast(self, now: dt.datetime) -> Forecast | None:
        """The cached forecast if it can be presented as current at `now` (never the network)."""
        return cached_forecast(self.context.store, now)

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
    def add_commands(cls, commands: argparse._SubParsersAction) -> None:
        from skills.weather.commands import add_commands

        add_commands(commands)
