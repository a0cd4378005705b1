"""Weather questions answered from a forecast: now, a day, a part of the day, yes/no about a condition."""

from __future__ import annotations

import datetime as dt

from assistant.days import resolve_day, when
from assistant.forecast.model import Forecast, Hour, degrees
from assistant.forecast.periods import AFTERNOON, MORNING, part_of_day, spans_for
from assistant.forecast.summary import Summary, has_condition
from assistant.skills import Answer, Card, CardItem, Say, SkillContext, SkillRequest
from skills.weather.wording import feel, hour_card, temperature, weather_card

UNKNOWN_PICTURE = "dont_know"
CONDITIONS = ("rain", "snow", "sun", "wind", "cold", "warm")
PARTS = (MORNING, AFTERNOON)
# Conditions asked about as "will it …?": the rest of today counts, not only this hour.
LATER_TODAY = ("rain", "snow")


def unknown() -> Answer:
    """"I can't see the weather right now. Look out of the window!" """
    return Answer([Say("weather_unknown")], Card("weather", [CardItem(UNKNOWN_PICTURE)]))


class WeatherAnswers:
    """Turns a request and a forecast into response keys and a card."""

    def __init__(self, context: SkillContext):
        self.context = context

    def answer(self, request: SkillRequest, forecast: Forecast | None) -> Answer:
        """The answer to one weather question (never touches the network)."""
        if forecast is None:
            return unknown()
        day_value = request.entities.get("day")
        # Values outside DESIGN §4 (a third party's data) are ignored rather than failing the turn.
        part = request.entities.get("part_of_day") if request.entities.get("part_of_day") in PARTS else None
        condition = request.entities.get("condition")
        condition = condition if condition in CONDITIONS else None
        if day_value == "yesterday":
            return Answer([Say("weather_yesterday")], Card("weather", [CardItem("dont_know")]))
        if day_value is None and part is None:
            return self._now(request, forecast, condition)
        day = resolve_day(day_value or "today", request.today)
        return self._day(request, forecast, day, part, condition)

    def _now(self, request: SkillRequest, forecast: Forecast, condition: str | None) -> Answer:
        hour = forecast.at(request.now)
        if hour is None:
            return unknown()
        card = hour_card(hour)
        if condition is None:
            values = {"temperature": temperature(request, degrees(hour.temperature)),
                      "sky": Say(f"sky_now_{Summary([hour]).sky}")}
            # Words before numbers: how it feels outside, then the sky and the degrees.
            feeling = Say(f"feel_now_{feel(degrees(hour.temperature))}")
            return Answer([feeling, Say("weather_now", values)], card)
        if condition in LATER_TODAY and not has_condition(hour, condition):
            return self._day(request, forecast, request.today, None, condition)
        yes = has_condition(hour, condition)
        values = {"temperature": temperature(request, degrees(hour.temperature))}
        return Answer([Say(f"condition_{condition}_now_{'yes' if yes else 'no'}", values)], card)

    def _day(self, request: SkillRequest, forecast: Forecast, day: dt.date, part: str | None,
             condition: str | None) -> Answer:
        # The settings as they are now: outdoor hours changed in the admin apply at once.
        hours = forecast.during(spans_for(self.context.config, day, part, request.now))
        saying_when = when(day, part, request.today, request.formats.weekday(day))
        if not hours:
            return Answer([Say("weather_far", {"when": saying_when})],
                          Card("weather", [CardItem("dont_know")]))
        summary = Summary(hours)
        card = weather_card(summary.symbol, summary.low, summary.high)
        heat = temperature(request, summary.low, summary.high)
        if condition is not None:
            matching = summary.matching(condition)
            if matching and part is None:
                saying_when = self._narrower(matching, day, request) or saying_when
            key = f"condition_{condition}_{'yes' if matching else 'no'}"
            return Answer([Say(key, {"when": saying_when, "temperature": heat})], card)
        # Words before numbers, and the day said once: "Tomorrow it will be cold. It will be 2
        # degrees with snow."
        values = {"temperature": heat, "sky": Say(f"sky_day_{summary.sky}")}
        feeling = Say(f"feel_day_{feel((summary.low + summary.high) / 2)}", {"when": saying_when})
        wet_part = self._only_part(summary.wet) if part is None else None
        if wet_part:
            values["part"] = Say(f"part_{wet_part}")
            return Answer([feeling, Say("weather_day_part", values)], card)
        return Answer([feeling, Say("weather_day", values)], card)

    def _narrower(self, matching: list[Hour], day: dt.date, request: SkillRequest) -> Say | None:
        """"this afternoon" rather than "today" when the condition is only in one part of the day."""
        part = self._only_part(matching)
        return when(day, part, request.today, request.formats.weekday(day)) if part else None

    def _only_part(self, some: list[Hour]) -> str | None:
        """The part of the day (morning, afternoon) all of `some` fall in, if there is one."""
        parts = {part_of_day(hour.time.astimezone(self.context.tz)) for hour in some}
        return parts.pop() if len(parts) == 1 else None
