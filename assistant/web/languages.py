"""How a language shows on the page: its flag, its own name, and which way its text runs (Babel data)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from babel.core import get_global

from assistant.locales import babel_locale, date_locale

_REGIONAL_A = 0x1F1E6


@dataclass(frozen=True)
class LanguageChoice:
    """One language a child can switch to."""

    code: str
    """The language code (`sv`, `ar`)."""
    flag: str
    """A flag emoji of the language's usual country (children know flags, not names)."""
    name: str
    """The language's name in itself ("svenska", "العربية"), for grown-ups and screen readers."""
    direction: str
    """`ltr` or `rtl`."""
    locale: str = ""
    """The locale its dates and digits are written in, as a BCP 47 tag for the browser ("ar-SY")."""


@lru_cache(maxsize=64)
def language_choice(code: str, overrides: tuple[tuple[str, str], ...] = ()) -> LanguageChoice:
    """The flag, own name and direction of a language (`overrides`: the preschool's `locales:`)."""
    locale = babel_locale(code, overrides)
    if locale.language != code and code not in dict(overrides):
        # Babel does not know the language: show its code rather than another language's flag.
        return LanguageChoice(code, "🏳️", code, "ltr")
    territory = locale.territory or _likely_territory(code)
    flag = "".join(chr(_REGIONAL_A + ord(c) - ord("A")) for c in territory) if territory else "🏳️"
    name = locale.get_language_name(locale) or code
    # Babel writes some names in lower case ("polski", "suomi"); on their own they start a sentence.
    name = name[:1].upper() + name[1:]
    return LanguageChoice(code, flag, name, "rtl" if locale.text_direction == "rtl" else "ltr",
                          str(date_locale(code, overrides)).replace("_", "-"))


def _likely_territory(code: str) -> str | None:
    likely = get_global("likely_subtags").get(code)
    if not likely:
        return None
    territory = likely.split("_")[-1]
    return territory if len(territory) == 2 and territory.isalpha() else None
