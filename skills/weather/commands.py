"""`assistant weather show`: the next hours as a table, and what to wear for the next outdoor period."""

from __future__ import annotations

import argparse
import datetime as dt

from assistant.forecast.model import Hour, degrees
from assistant.skills import Answer, Say, SkillContext
from skills.weather.providers import PROVIDERS

HOURS_SHOWN = 24


def show(context: SkillContext, args: argparse.Namespace) -> int:
    """Print the table; refreshes an empty or stale cache first (within the providers' timeouts)."""
    from skills.weather import WeatherSkill

    skill = WeatherSkill(context)
    config = context.config
    now = args.now or context.now()
    now = now.replace(tzinfo=context.tz) if now.tzinfo is None else now.astimezone(context.tz)
    lang = args.lang if args.lang in config.languages else config.default_language
    if skill.needs_refresh(now):
        skill.refresh(now)
    forecast = skill.forecast(now)
    if forecast is None:
        print("No current forecast: no provider answered (see `assistant -v weather show`).")
        return 1
    provider = PROVIDERS[forecast.provider]
    print(f"{config.preschool.name}: forecast from {forecast.provider} ({provider.attribution})")
    print(f"{'time':<6} {'symbol':<24} {'°C':>4} {'feels':>6} {'wind m/s':>9}  precipitation")
    shown = [h for h in forecast.hours
             if now - dt.timedelta(minutes=30) <= h.time <= now + dt.timedelta(hours=HOURS_SHOWN)]
    for hour in shown:
        print(_row(hour, context, lang))
    if not shown:
        print("(the forecast has no hours for the next day)")
    return 0


def _row(hour: Hour, context: SkillContext, lang: str) -> str:
    sky = hour.sky
    label = context.render(Answer([Say(f"symbol_{sky.name}")]), lang, sentence=False)[0]
    wind = f"{hour.wind:.0f}" if hour.wind is not None else "–"
    if hour.gust is not None:
        wind += f" ({hour.gust:.0f})"
    wet = f"{hour.precipitation:.1f} mm/h {hour.precipitation_type}" if hour.wet else "–"
    local = hour.time.astimezone(context.tz).strftime("%H:%M")
    # The symbol in words (the drawn picture is for the tablet): a terminal shows no SVG.
    return (f"{local:<6} {label:<24} {degrees(hour.temperature):>4} "
            f"{degrees(hour.feels_like):>6} {wind:>9}  {wet}")
