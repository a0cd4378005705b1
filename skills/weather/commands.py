"""`assistant weather show`: the next hours as a table, and what to wear for the next outdoor period."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from assistant.cli import add_common_options
from skills.weather.forecast import Hour, degrees
from skills.weather.periods import next_outdoor_period
from skills.weather.providers import PROVIDERS

if TYPE_CHECKING:
    from assistant.core import Assistant

HOURS_SHOWN = 24


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `assistant weather show`."""
    weather = commands.add_parser("weather", help="the weather forecast").add_subparsers(
        dest="weather_command", required=True)
    show_parser = weather.add_parser("show", help="the next 24 hours and what to wear outside")
    add_common_options(show_parser)
    show_parser.set_defaults(handler=show)


def show(args: argparse.Namespace, assistant: Assistant) -> int:
    """Print the table; refreshes an empty or stale cache first (within the providers' timeouts)."""
    skill = assistant.registry.skill("weather")
    if skill is None:
        print("The weather skill is not installed.")
        return 1
    now = assistant.localize(args.now) if args.now else assistant.now()
    lang = assistant.language(args.lang)
    if skill.needs_refresh(now):
        skill.refresh(now)
    forecast = skill.forecast(now)
    if forecast is None:
        print("No current forecast: no provider answered (see `assistant -v weather show`).")
        return 1
    tz = assistant.config.tz
    provider = PROVIDERS[forecast.provider]
    print(f"{assistant.config.preschool.name}: forecast from {forecast.provider} ({provider.attribution})")
    print(f"{'time':<6} {'symbol':<24} {'°C':>4} {'feels':>6} {'wind m/s':>9}  precipitation")
    shown = [h for h in forecast.hours
             if now - dt.timedelta(minutes=30) <= h.time <= now + dt.timedelta(hours=HOURS_SHOWN)]
    for hour in shown:
        print(_row(hour, assistant, lang, tz))
    if not shown:
        print("(the forecast has no hours for the next day)")
    _clothing(assistant, now, lang)
    return 0


def _row(hour: Hour, assistant: Assistant, lang: str, tz: dt.tzinfo) -> str:
    sky = hour.sky
    label = assistant.responses.render(f"symbol_{sky.name}", {}, lang, False).text
    wind = f"{hour.wind:.0f}" if hour.wind is not None else "–"
    if hour.gust is not None:
        wind += f" ({hour.gust:.0f})"
    wet = f"{hour.precipitation:.1f} mm/h {hour.precipitation_type}" if hour.wet else "–"
    local = hour.time.astimezone(tz).strftime("%H:%M")
    return (f"{local:<6} {sky.picture} {label:<21} {degrees(hour.temperature):>4} "
            f"{degrees(hour.feels_like):>6} {wind:>9}  {wet}")


def _clothing(assistant: Assistant, now: dt.datetime, lang: str) -> None:
    clothing = assistant.registry.skill("clothing")
    period = next_outdoor_period(assistant.config, now)
    if clothing is None or period is None:
        return
    garments = clothing.advice(now)
    names = [assistant.responses.render(f"garment_{g}", {}, lang, False).text for g in garments]
    when = f"{period.start:%a %H:%M}–{period.end:%H:%M}"
    print(f"\nWhat to wear for the next outdoor period ({when}): "
          f"{', '.join(names) if names else 'no advice (no current forecast)'}")
