"""Public holidays and the eves children celebrate, named in the child's language if possible."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

# The `holidays` library names holidays in a few languages; others hear the country's own names.
LANGUAGE_NAMES = {"en": "en_US"}


class HolidayNames:
    """Holiday names of one country, by date and language."""

    def __init__(self, country: str):
        self.country = country

    def name(self, day: dt.date, lang: str) -> str | None:
        """The holiday on `day`, or None on an ordinary day."""
        return _calendar(self.country, lang, day.year).get(day)


@lru_cache(maxsize=32)
def _calendar(country: str, lang: str, year: int) -> holidays.HolidayBase:
    cls = holidays.country_holidays(country).__class__
    supported = getattr(cls, "supported_languages", ()) or ()
    language = LANGUAGE_NAMES.get(lang, lang)
    if language not in supported:
        language = None
    categories = [c for c in ("public", "de_facto") if c in (cls.supported_categories or ())]
    return holidays.country_holidays(country, years=year, language=language,
                                     categories=categories or None)
