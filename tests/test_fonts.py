"""Every character a child's page can show has a font on this machine: the set-up installs fonts
for every script of every language with data (an empty box on the tablet is a broken answer)."""

from __future__ import annotations

import subprocess
import unicodedata
from functools import lru_cache

import pytest

from assistant.core import data_folders, languages_with_data
from assistant.locales import babel_locale
from assistant.nlu.data import load_language
from assistant.web.languages import language_choice


@lru_cache(maxsize=1)
def covered() -> set[int]:
    """The code points some installed font has a glyph for (fontconfig's charsets, merged)."""
    listing = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True,
                             text=True, check=True).stdout
    points: set[int] = set()
    for span in listing.split():
        first, _, last = span.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


def shown_text(lang: str) -> str:
    """What the page can show in `lang`: every answer, every word a skill shows, the names of days
    and months the answers use, and the language's own name on its button."""
    data = load_language(lang, data_folders())
    locale = babel_locale(lang)
    parts = [v.text for variants in data.responses.values() for v in variants]
    parts += [word for group in data.words.values() for word in group.values()]
    parts += list(locale.days["format"]["wide"].values()) + list(locale.months["format"]["wide"].values())
    parts += [language_choice(lang).name, locale.number_symbols.get(locale.default_numbering_system, {})
              .get("decimal", ".")]
    return "".join(parts)


@pytest.mark.parametrize("lang", languages_with_data())
def test_every_character_of_the_language_has_a_font(lang: str) -> None:
    # Format characters (the Persian half-space, direction marks) have no glyph of their own.
    needed = {ch for ch in shown_text(lang) if not ch.isspace() and unicodedata.category(ch) != "Cf"}
    missing = sorted(ch for ch in needed if ord(ch) not in covered())
    assert not missing, (f"{lang}: no installed font draws " +
                         " ".join(f"{ch} U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in missing)
                         + " (scripts/test installs the fonts: is one missing from its list?)")
