"""Weekdays, dates and numbers the way each language writes them (Babel)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_decimal

from assistant.words import Words

# A preschool in Europe writes English dates the British way ("4 February").
DEFAULT_LOCALES = {"en": "en_GB"}
# Dates and digits of Arabic as most Arabic-speaking families in Sweden write them (Syria, Iraq):
# Arabic-Indic digits and the Levantine month names ("٣ شباط"). Only the dates: the flag and the
# language's name stay its own. A preschool can choose another (`locales: {ar: ar_EG}`).
DATE_LOCALES = {"ar": "ar_SY"}


@lru_cache(maxsize=64)
def babel_locale(lang: str, overrides: tuple[tuple[str, str], ...] = ()) -> Locale:
    """The Babel locale of a language code, e.g. `sv` → sv, `en` → en_GB."""
    name = dict(overrides).get(lang) or DEFAULT_LOCALES.get(lang, lang)
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


def date_locale(lang: str, overrides: tuple[tuple[str, str], ...] = ()) -> Locale:
    """The Babel locale that dates and digits of `lang` are written in."""
    if lang in dict(overrides) or lang not in DATE_LOCALES:
        return babel_locale(lang, overrides)
    return babel_locale(lang, ((lang, DATE_LOCALES[lang]),))


# Digits of the numbering systems a preschool's languages use besides the Latin ones (CLDR).
DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}

WEEKDAY_WORDS = "weekday"
"""The `words:` group whose entries name weekdays where Babel's name is not the one a child says;
groups `weekday_<form>` give other forms (`{weekday:acc}` in a template)."""
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class LocaleFormat:
    """Formatting for one language."""

    def __init__(self, lang: str, overrides: dict[str, str] | None = None, words: Words | None = None):
        self.lang = lang
        """The language code."""
        self.locale = date_locale(lang, tuple(sorted((overrides or {}).items())))
        """The Babel locale used."""
        self._words = words or Words({})

    def weekday(self, day: dt.date) -> str:
        """The weekday's name as used inside a sentence ("tisdag", "Tuesday"), knowing its other
        forms where the language data gives them (`words: {weekday_acc: {wednesday: środę}}`)."""
        from assistant.responses import Worded

        key = _WEEKDAYS[day.weekday()]
        name = self._words(WEEKDAY_WORDS).get(key) or format_date(day, "EEEE", locale=self.locale)
        forms = {}
        for form in self._forms():
            found = self._words(f"{WEEKDAY_WORDS}_{form}").get(key)
            if found:
                forms[form] = found
        return Worded(name, forms)

    def _forms(self) -> list[str]:
        prefix = WEEKDAY_WORDS + "_"
        return [g[len(prefix):] for g in self._words.groups() if g.startswith(prefix)]

    def day_month(self, day: dt.date) -> str:
        """Day and month as the language writes them ("3 februari", "3 de febrero", "3. helmikuuta")."""
        return self.digits(format_skeleton("MMMMd", day, locale=self.locale))

    def clock(self, time: dt.time) -> str:
        """A digital clock time ("09:15", "۰۹:۱۵")."""
        return self.digits(format_time(time, "HH:mm", locale=self.locale))

    def number(self, value: float) -> str:
        """A number with the language's decimal sign and digits ("2,5", "۲٫۵")."""
        return self.digits(format_decimal(value, locale=self.locale))

    def digits(self, text: str) -> str:
        """`text` with the language's own digits where it does not write Latin ones (Persian)."""
        native = DIGITS.get(self.locale.default_numbering_system)
        return text.translate(str.maketrans("0123456789", native)) if native else text

    def plural(self, count: float) -> str:
        """The language's plural category of a number: one, two, few, many or other (CLDR)."""
        return self.locale.plural_form(abs(count))
