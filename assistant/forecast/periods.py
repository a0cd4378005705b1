"""Which stretch of time a question is about: the preschool's outdoor hours, a day, a part of the day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assistant.config import Config

MORNING = "morning"
AFTERNOON = "afternoon"
NOON = dt.time(12, 0)
# Used when the preschool lists no outdoor hours in that part of the day.
DEFAULT_PARTS = {MORNING: (dt.time(8, 0), NOON), AFTERNOON: (NOON, dt.time(17, 0))}
DAYS_AHEAD = 8


@dataclass
class Span:
    """A stretch of local time."""

    start: dt.datetime
    """Where it starts (aware, the preschool's time zone)."""
    end: dt.datetime
    """Where it ends."""

    @property
    def day(self) -> dt.date:
        """The day it is on."""
        return self.start.date()


def part_of_day(moment: dt.datetime) -> str:
    """`morning` before noon, `afternoon` after (of a local time)."""
    return MORNING if moment.time() < NOON else AFTERNOON


def outdoor_periods(config: Config, day: dt.date) -> list[Span]:
    """The preschool's outdoor hours (`outdoor_hours`) on `day`."""
    spans = []
    for text in config.outdoor_hours:
        start, end = (dt.time.fromisoformat(part) for part in text.split("-"))
        spans.append(Span(_at(config, day, start), _at(config, day, end)))
    return sorted(spans, key=lambda span: span.start)


def day_periods(config: Config, day: dt.date, part: str | None = None) -> list[Span]:
    """The outdoor periods of `day` (only those starting in `part`, if given); the plain part if none."""
    periods = outdoor_periods(config, day)
    if part is not None:
        periods = [p for p in periods if part_of_day(p.start) == part]
        if not periods:
            start, end = DEFAULT_PARTS[part]
            periods = [Span(_at(config, day, start), _at(config, day, end))]
    if not periods:
        start, end = DEFAULT_PARTS[MORNING][0], DEFAULT_PARTS[AFTERNOON][1]
        periods = [Span(_at(config, day, start), _at(config, day, end))]
    return periods


def remaining(periods: list[Span], now: dt.datetime) -> list[Span]:
    """The parts of `periods` not yet over at `now`."""
    return [Span(max(p.start, now), p.end) for p in periods if p.end > now]


def spans_for(config: Config, day: dt.date, part: str | None, now: dt.datetime) -> list[Span]:
    """The outdoor hours a question about `day` (and `part`) means; of today only what is left."""
    periods = day_periods(config, day, part)
    if day == now.date():
        periods = remaining(periods, now) or [Span(now, now + dt.timedelta(hours=1))]
    return periods


def next_outdoor_period(config: Config, now: dt.datetime) -> Span | None:
    """The outdoor period going on at `now` (from now) or the next one, within a week."""
    for offset in range(DAYS_AHEAD):
        left = remaining(outdoor_periods(config, now.date() + dt.timedelta(days=offset)), now)
        if left:
            return left[0]
    return None


def _at(config: Config, day: dt.date, clock: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, clock, tzinfo=config.tz)
