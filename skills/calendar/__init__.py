"""What time it is, the way a child hears it, and which day it is (with public holidays)."""

from __future__ import annotations

import datetime as dt

from assistant.days import HOLIDAY_WORDS, Holidays, resolve_day
from assistant.skills import Answer, Card, CardItem, Say, Skill, SkillContext, SkillRequest, Tile


def clock_words(moment: dt.time) -> Say:
    """The time to the nearest five minutes, as response keys (`clock_15` of `hour_9`)."""
    minutes = moment.hour * 60 + moment.minute + (1 if moment.second >= 30 else 0)
    rounded = (minutes + 2) // 5 * 5 % (24 * 60)
    hour, minute = divmod(rounded, 60)
    hour12 = hour % 12 or 12
    next12 = hour12 % 12 + 1
    return Say(f"clock_{minute:02d}", {"hour": Say(f"hour_{hour12}"),
                                       "next_hour": Say(f"hour_{next12}")})


class CalendarSkill(Skill):
    """Answers `time` and `date`."""

    name = "calendar"
    intents = ("time", "date")
    tiles = (Tile("time", "tile_time", order=40), Tile("date", "tile_date", order=50))

    def __init__(self, context: SkillContext):
        super().__init__(context)
        self.holidays = Holidays(context.config.holidays_country)

    def handle(self, request: SkillRequest) -> Answer:
        if request.intent == "time":
            return self._time(request)
        return self._date(request)

    def _time(self, request: SkillRequest) -> Answer:
        moment = request.now.time()
        digital = request.formats.clock(moment)
        card = Card("clock", [CardItem("clock", label=digital)], {"time": digital}, "clock")
        return Answer([Say("time", {"clock": clock_words(moment)})], card)

    def _date(self, request: SkillRequest) -> Answer:
        which = request.entities.get("day", "today")
        day = resolve_day(which, request.today)
        formats = request.formats
        values = {"weekday": formats.weekday(day), "date": formats.day_month(day)}
        key = f"date_{which}" if which in ("today", "tomorrow", "yesterday") else "date_day"
        says = [Say(key, values)]
        picture = "calendar"
        holiday = self.holidays.name(day, request.lang, request.words(HOLIDAY_WORDS))
        if holiday:
            says.append(Say("holiday_today" if day == request.today else "holiday_other",
                            {"holiday": holiday}))
            picture = "holiday"
        label = f"{values['weekday']} {values['date']}"
        # The day page draws the date; a holiday's picture goes beside it (the item's value).
        card = Card("calendar", [CardItem(picture, label=label, value="holiday" if holiday else None)],
                    {"date": day.isoformat(), "holiday": holiday}, "day")
        return Answer(says, card)
