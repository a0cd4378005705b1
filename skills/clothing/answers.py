"""Clothing questions: what to wear (a list in dressing order) and yes/no about one garment."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from assistant.days import resolve_day, when
from assistant.forecast.periods import AFTERNOON, MORNING, Span, next_outdoor_period, spans_for
from assistant.skills import Answer, Card, CardItem, Say, SkillRequest
from skills.clothing.garments import GARMENTS, PICTURES
from skills.clothing.rules import Advice, PeriodWeather

if TYPE_CHECKING:
    from skills.clothing import ClothingSkill

# "What do I wear when it's cold?": the weather imagined for a `condition` the child names.
IMAGINED_COLD = 0.0
IMAGINED_WARM = 18.0
PARTS = (MORNING, AFTERNOON)


def imagine(weather: PeriodWeather | None, condition: str) -> PeriodWeather | None:
    """The period's weather changed the way the child's "if it rains / when it's cold" says."""
    if weather is None:
        return None
    if condition in ("rain", "snow"):
        coldest = min(weather.coldest, IMAGINED_COLD) if condition == "snow" else weather.coldest
        return dataclasses.replace(weather, wet=True, clear=False, precipitation=condition, coldest=coldest)
    if condition == "cold":
        return dataclasses.replace(weather, coldest=min(weather.coldest, IMAGINED_COLD))
    if condition == "warm":
        return dataclasses.replace(weather, coldest=max(weather.coldest, IMAGINED_WARM),
                                   warmest=max(weather.warmest, IMAGINED_WARM))
    if condition == "sun":
        return dataclasses.replace(weather, wet=False, clear=True, precipitation="none")
    return weather


def listing(items: list[Say]) -> Say:
    """`a, b och c` as nested response keys (`list_comma`, `list_and`), so each language joins its way."""
    if len(items) == 1:
        return items[0]
    rest = items[0]
    for item in items[1:-1]:
        rest = Say("list_comma", {"first": rest, "next": item})
    return Say("list_and", {"rest": rest, "last": items[-1]})


class ClothingAnswers:
    """Turns a request into the clothing answer."""

    def __init__(self, skill: ClothingSkill):
        self.skill = skill

    def answer(self, request: SkillRequest) -> Answer:
        """The answer to one clothing question (from the cache only)."""
        config = self.skill.context.config
        day_value = request.entities.get("day")
        # Values outside DESIGN §4 (a third party's data) are ignored rather than failing the turn.
        part = request.entities.get("part_of_day") if request.entities.get("part_of_day") in PARTS else None
        garment = request.entities.get("garment") if request.entities.get("garment") in GARMENTS else None
        condition = request.entities.get("condition")
        if day_value in (None, "yesterday") and part is None:
            # "What do I wear?" is about going out next; after the last outdoor period, about now.
            period = next_outdoor_period(config, request.now)
            if period is None or period.day != request.today:
                period = Span(request.now, request.now + dt.timedelta(hours=1))
            spans, later, day = [period], False, request.today
        else:
            day = resolve_day(day_value or "today", request.today)
            spans, later = spans_for(config, day, part, request.now), day != request.today or part is not None
        weather = self.skill.weather(spans, request.now)
        if condition in ("rain", "snow", "cold", "warm", "sun"):
            weather = imagine(weather, condition)
        else:
            condition = None
        advice = self.skill.advise_for(spans, request.now, weather) if weather else None
        if advice is None:
            return Answer([Say("clothing_unknown")], Card("clothing", [CardItem("dont_know")]))
        card = self._card(advice)
        saying_when = when(day, part if later else None, request.today, request.formats.weekday(day))
        if garment:
            return Answer([self._yes_no(garment, advice, weather, condition, later, saying_when)], card)
        return Answer(self._list(advice, condition, later, saying_when, request,
                                 weather.precipitation == "snow"), card)

    def _list(self, advice: Advice, condition: str | None, later: bool, saying_when: Say,
              request: SkillRequest, weather_is_snowy: bool) -> list[Say]:
        if not advice.garments:
            return [Say("clothing_nothing", {"when": saying_when})]
        garments = listing([Say(f"garment_{g}") for g in advice.garments])
        if condition:
            return [Say("clothing_list_if", {"if": Say(f"if_{condition}"), "garments": garments})]
        if later:
            return [Say("clothing_list_later", {"when": saying_when, "garments": garments})]
        says = [Say("clothing_list", {"garments": garments})]
        opening = f"clothing_condition_{advice.condition}"
        if weather_is_snowy and request.can_say(f"{opening}_snow"):
            opening = f"{opening}_snow"
        if request.can_say(opening):  # a preschool's own band may have no sentence yet
            says.insert(0, Say(opening))
        return says

    def _yes_no(self, garment: str, advice: Advice, weather: PeriodWeather, condition: str | None,
                later: bool, saying_when: Say) -> Say:
        rules = self.skill.rules
        wanted = garment in advice.garments or advice.condition in rules.allowed.get(garment, ())
        if wanted:
            the = Say(f"garment_{garment}_the")
            if condition:
                return Say("clothing_yes_if", {"if": Say(f"if_{condition}"), "garment": the})
            if later:
                return Say("clothing_yes_later", {"when": saying_when, "garment": the})
            return Say("clothing_yes", {"garment": the, "reason": self._reason(garment, advice, weather)})
        other = rules.excluded_by(garment, advice.garments)
        context = ({"if": Say(f"if_{condition}")} if condition else {"when": saying_when})
        suffix = "_if" if condition else ""
        if other:
            return Say(f"clothing_instead{suffix}", {**context, "garment": Say(f"garment_{other}_the")})
        return Say(f"clothing_no{suffix}", {**context, "garment": Say(f"garment_{garment}_no")})

    def _reason(self, garment: str, advice: Advice, weather: PeriodWeather) -> Say:
        """Why: "det är kallt ute", "det är regnigt ute", "solen skiner" …"""
        reason = self.skill.rules.reasons.get(garment, "warmth")
        condition = advice.condition
        if reason == "rain" and weather.wet:
            return Say("reason_snow" if weather.precipitation == "snow" else "reason_rain")
        if reason == "sun":
            if "sun" in advice.applied:
                return Say("reason_sun")
            return Say({"hot": "reason_hot", "warm": "reason_warm"}.get(condition, "reason_mild"))
        if reason == "dry" and not weather.wet:
            return Say("reason_dry")
        if condition.startswith("cold"):
            return Say("reason_cold")
        return Say("reason_cool" if condition.startswith("cool") else "reason_chilly")

    def _card(self, advice: Advice) -> Card:
        items = [CardItem(PICTURES[g], label_key=f"garment_{g}", value=g) for g in advice.garments]
        return Card("clothing", items, {"condition": advice.condition},
                    layout="sequence" if len(items) > 1 else "pictures")
