"""Per-language answer templates: a random variant, never the same one twice in a row."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

from assistant.errors import AssistantError
from assistant.nlu.data import Variant


@dataclass
class Rendered:
    """A response filled in, ready to show and to say."""

    text: str
    """What is shown."""
    speech: str
    """What is spoken."""
    forms: dict[str, str] = field(default_factory=dict)
    """The variant's other grammatical forms, filled in too (see `Variant.forms`)."""


class Worded(str):
    """A word put into a sentence that also knows its other forms: `{hour:gen}` in a template
    gives the `gen` form, `{hour}` the word itself."""

    forms: dict[str, str]

    def __new__(cls, text: str, forms: dict[str, str] | None = None) -> Worded:
        word = super().__new__(cls, text)
        word.forms = dict(forms or {})
        return word

    def __format__(self, spec: str) -> str:
        if not spec:
            return str(self)
        if spec in self.forms:
            return self.forms[spec]
        known = ", ".join(sorted(self.forms)) or "none"
        raise AssistantError(f"'{self}' has no form `{spec}` (its forms: {known})")


class Responses:
    """All response keys of all languages, with fallback to the default language."""

    def __init__(self, by_lang: dict[str, dict[str, list[Variant]]], default_lang: str,
                 rng: random.Random | None = None):
        self.by_lang = by_lang
        self.default_lang = default_lang
        self.rng = rng or random.Random()
        self._last: dict[tuple[str, str], int] = {}

    def has(self, key: str, lang: str) -> bool:
        """Whether `key` can be rendered in `lang` (directly or through the default language)."""
        return key in self.by_lang.get(lang, {}) or key in self.by_lang.get(self.default_lang, {})

    def variants(self, key: str, lang: str) -> tuple[str, list[Variant]]:
        """The language actually used for `key` and its variants."""
        for candidate in (lang, self.default_lang):
            found = self.by_lang.get(candidate, {}).get(key)
            if found:
                return candidate, found
        raise AssistantError(f"no response `{key}` in language `{lang}` nor `{self.default_lang}`")

    def render(self, key: str, values: dict[str, object], lang: str,
               capitalize: bool = True) -> Rendered:
        """Pick a variant of `key` and fill in its placeholders (a sentence starts in capitals)."""
        used_lang, variants = self.variants(key, lang)
        index = self._pick(used_lang, key, len(variants))
        variant = variants[index]
        text = _fill(variant.text, values, key)
        speech = _fill(variant.speech, values, key) if variant.speech else text
        if capitalize:
            text, speech = _capitalize(text), _capitalize(speech)
        forms = {name: _fill(form, values, key) for name, form in variant.forms.items()}
        return Rendered(text, speech, forms)

    def _pick(self, lang: str, key: str, count: int) -> int:
        last = self._last.get((lang, key))
        choices = [i for i in range(count) if i != last] or [0]
        index = self.rng.choice(choices)
        self._last[(lang, key)] = index
        return index

    def missing(self, lang: str) -> list[str]:
        """Keys the default language has and `lang` lacks."""
        have = self.by_lang.get(lang, {})
        return sorted(k for k in self.by_lang.get(self.default_lang, {}) if k not in have)


def placeholders(template: str) -> set[str]:
    """The `{names}` a template uses (without the form asked for: `{hour:gen}` is `hour`)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _fill(template: str, values: dict[str, object], key: str) -> str:
    try:
        return template.format_map(values)
    except KeyError as exc:
        missing = exc.args[0]
        raise AssistantError(f"response `{key}` uses {{{missing}}}, which its skill does not give") from None
    except (ValueError, IndexError) as exc:
        raise AssistantError(f"response `{key}` has a broken placeholder: {exc}") from None


def _capitalize(text: str) -> str:
    stripped = text.lstrip()
    if not stripped:
        return text
    return stripped[0].upper() + stripped[1:]
