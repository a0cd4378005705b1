"""Clothing: what to wear outside, by Laiban's rules on the cached forecast, corrected by teachers."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from assistant.forecast import Span, Summary, next_outdoor_period
from assistant.skills import AdminPages, Answer, Command, Skill, SkillContext, SkillRequest, Tile
from skills.clothing.answers import ClothingAnswers
from skills.clothing.corrections import Correction, Corrections
from skills.clothing.garments import GARMENTS
from skills.clothing.rules import Advice, PeriodWeather, Rules, load_rules

__all__ = ["ClothingSettings", "ClothingSkill", "Correction"]


class ClothingSettings(BaseModel):
    """`skills.clothing:` in assistant.yml."""

    model_config = ConfigDict(extra="forbid")

    correction_days: float | None = Field(30, gt=0, description="Days a teacher's correction of the "
                                                                "clothing advice holds; null: for ever.")


class ClothingSkill(Skill):
    """Answers `clothing` from the forecast another skill keeps (through the engine's cache);
    gives the teachers' admin page the advice and the corrections."""

    name = "clothing"
    intents = ("clothing",)
    tiles = (Tile("clothing", "tile_clothing", order=30),)
    Settings = ClothingSettings
    needs = ("forecast",)

    def __init__(self, context: SkillContext):
        super().__init__(context)
        self.rules: Rules = load_rules(context.config_dir)
        self.store = Corrections(context.store, context.tz)
        self.answers = ClothingAnswers(self)

    def admin(self) -> AdminPages:
        from skills.clothing.admin import admin_pages

        return admin_pages(self)

    @classmethod
    def commands(cls) -> list[Command]:
        from skills.clothing.commands import show

        return [Command("show", "what to wear for the next outdoor period", show, needs_words=True)]

    # --- what the admin page uses ---------------------------------------------------------------

    def advice(self, now: dt.datetime) -> list[str]:
        """Garment ids in dressing order for the next outdoor period; [] without a current forecast."""
        period = next_outdoor_period(self.context.config, now)
        found = self.advise_for([period] if period else [], now)
        return found.garments if found else []

    def condition(self, now: dt.datetime) -> str | None:
        """The weather condition of the next outdoor period (what a correction made now is for)."""
        period = next_outdoor_period(self.context.config, now)
        weather = self.weather([period] if period else [], now)
        return self.rules.condition(weather) if weather else None

    @property
    def conditions(self) -> list[str]:
        """The conditions corrections can be made for."""
        return self.rules.conditions

    @property
    def garments(self) -> tuple[str, ...]:
        """Every garment id."""
        return GARMENTS

    def corrections(self) -> list[Correction]:
        """All teachers' corrections, newest first (expired ones too)."""
        return self.store.all()

    def add_correction(self, condition: str, garments: list[str], now: dt.datetime) -> Correction:
        """Keep a teacher's garments for `condition`; raises ValueError (in words) if they do not fit."""
        if condition not in self.rules.conditions:
            raise ValueError(f"`{condition}` is not a weather condition "
                             f"({', '.join(self.rules.conditions)})")
        unknown = [g for g in garments if g not in GARMENTS]
        if unknown:
            raise ValueError(f"`{unknown[0]}` is not a garment ({', '.join(GARMENTS)})")
        if not garments:
            raise ValueError("choose at least one garment")
        clashes = self.rules.conflicts(garments)
        if clashes:
            first, second = clashes[0]
            raise ValueError(f"`{first}` and `{second}` exclude each other; choose one of them")
        return self.store.add(condition, self.rules.sort(garments), now)

    def remove_correction(self, correction_id: int) -> None:
        """Forget a correction."""
        self.store.remove(correction_id)

    # --- turns ----------------------------------------------------------------------------------

    def handle(self, request: SkillRequest) -> Answer:
        return self.answers.answer(request)

    def weather(self, spans: list[Span], now: dt.datetime) -> PeriodWeather | None:
        """The cached forecast over `spans`, as the rules see it; None without a current forecast."""
        forecast = self.context.forecast(now)
        hours = forecast.during(spans) if forecast else []
        if not hours:
            return None
        summary = Summary(hours)
        return PeriodWeather(summary.coldest, summary.warmest, bool(summary.wet), summary.clear,
                             summary.precipitation)

    def advise_for(self, spans: list[Span], now: dt.datetime,
                   weather: PeriodWeather | None = None) -> Advice | None:
        """The rules' advice for `spans` (or for `weather`), unless a teacher corrected that condition."""
        weather = weather or self.weather(spans, now)
        if weather is None:
            return None
        day = spans[0].day if spans else now.date()
        advice = self.rules.advise(weather, day)
        days = self.context.settings.correction_days
        correction = self.store.newest(advice.condition, now, dt.timedelta(days=days) if days else None)
        if correction is not None:
            return Advice(advice.condition, self.rules.sort(correction.garments), ["correction"])
        return advice
