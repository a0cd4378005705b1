"""Days, as several skills need them: a `day` entity as a date, public holidays by name in the
child's language, and the words for "today", "tomorrow afternoon", "on Friday".

The holiday names come from a language's `words: {holiday: ...}` (keyed by the English name the
`holidays` library gives), else from the library itself where it knows the language, else the
country's own name: a child hears Swedish "Midsommarafton" rather than nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

from assistant.skills import Say

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The `day` entity's weekday values, Monday first (as `date.weekday()` counts)."""
RELATIVE = {"yesterday": -1, "today": 0, "tomorrow": 1}
"""The `day` entity's relative values and their offset from today."""
HOLIDAY_WORDS = "holiday"
"""The `words:` group that names holidays in a language."""
_KEY_LANGUAGE = "en_US"
"""The `holidays` library language whose names are the keys of `words.holiday`."""


def resolve_day(value: str, today: dt.date) -> dt.date:
    """`tomorrow` → today + 1; a weekday → its next occurrence (today if it is that day)."""
    if value in RELATIVE:
        return today + dt.timedelta(days=RELATIVE[value])
    if value in WEEKDAYS:
        ahead = (WEEKDAYS.index(value) - today.weekday()) % 7
        return today + dt.timedelta(days=ahead)
    return today


class Holidays:
    """The public holidays (and the eves children celebrate) of one country."""

    def __init__(self, country: str):
        self.country = country
        """The ISO country code, e.g. SE."""

    def key(self, day: dt.date) -> str | None:
        """The holiday's English name (the key of `words.holiday`), or None on an ordinary day."""
        return _calendar(self.country, _KEY_LANGUAGE, day.year).get(day)

    def is_holiday(self, day: dt.date) -> bool:
        """Whether `day` is a public holiday (or an eve that is celebrated)."""
        return self.key(day) is not None

    def name(self, day: dt.date, lang: str, words: Mapping[str, str] | None = None) -> str | None:
        """The holiday on `day` named in `lang`: the language's own word, the library's, or the
        country's; None on an ordinary day."""
        key = self.key(day)
        if key is None:
            return None
        if words and key in words:
            return words[key]
        library = _calendar(self.country, _library_language(self.country, lang), day.year).get(day)
        return library or key

    def keys(self, year: int) -> list[str]:
        """Every holiday's key in a year (for translators and for the test that all are named)."""
        return sorted(set(_calendar(self.country, _KEY_LANGUAGE, year).values()))


def _library_language(country: str, lang: str) -> str | None:
    """The `holidays` library's language for `lang`, or the country's own when it has none."""
    cls = _country_class(country)
    supported = getattr(cls, "supported_languages", ()) or ()
    wanted = {"en": "en_US"}.get(lang, lang)
    return wanted if wanted in supported else None


@lru_cache(maxsize=8)
def _country_class(country: str) -> type:
    import holidays

    return holidays.country_holidays(country).__class__


@lru_cache(maxsize=64)
def _calendar(country: str, language: str | None, year: int) -> dict[dt.date, str]:
    import holidays

    cls = _country_class(country)
    categories = [c for c in ("public", "de_facto") if c in (cls.supported_categories or ())]
    found = holidays.country_holidays(country, years=year, language=language,
                                      categories=categories or None)
    return dict(found.items())


def when(day: dt.date, part: str | None, today: dt.date, weekday: str) -> Say:
    """"today", "this afternoon", "tomorrow morning", "on Friday" … as a response key of the
    engine's language data (`when_*` in `_common.yml`); `weekday` is the day's name."""
    values = {}
    if day == today:
        key = "when_today"
    elif day == today + dt.timedelta(days=1):
        key = "when_tomorrow"
    else:
        key, values = "when_day", {"weekday": weekday}
    return Say(f"{key}_{part}" if part else key, values)
