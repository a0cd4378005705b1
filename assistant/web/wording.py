"""The teachers' admin in the teacher's language: its words are data, one file per owner and
language, beside the children's words (`assistant/nlu_data/<lang>/admin.yml` for the engine's
pages, `<skill>/nlu_data/<lang>/admin.yml` for a skill's), so a translator or a reviewer edits
text, never code.

```yaml
admin:
  nav_settings: "⚙️ Inställningar"
  saved_changes: "Sparade {count} ändringar."
```

A key a language lacks is said in English; a key nobody has is shown as written, so a skill
that names its link "Menu" without an admin file still shows "Menu".
"""

from __future__ import annotations

from pathlib import Path

from fastapi import Request

from assistant.errors import AssistantError
from assistant.nlu.data import ADMIN_FILE
from assistant.yamlfile import load_yaml

FILE = ADMIN_FILE
"""The name of an admin-words file in a language folder (the NLU does not read it)."""
FALLBACK = "en"
"""The language every admin text exists in."""
COOKIE = "admin_lang"
"""Remembers the language a teacher chose for the admin."""


class AdminWords:
    """Every admin text of the engine and the installed skills, by language and key."""

    def __init__(self, folders: list[Path]):
        self.folders = list(folders)
        """The language-data folders: the engine's first, then each skill's."""
        self._texts: dict[str, dict[str, str]] = {}

    @property
    def languages(self) -> list[str]:
        """The languages the admin can be shown in (those the engine's pages are written in)."""
        engine = self.folders[0]
        return sorted(p.name for p in engine.iterdir() if (p / FILE).is_file())

    def texts(self, lang: str) -> dict[str, str]:
        """Key → text for `lang` (read once; a broken file names its file and line)."""
        if lang not in self._texts:
            found: dict[str, str] = {}
            where: dict[str, Path] = {}
            for folder in self.folders:
                path = folder / lang / FILE
                if not path.is_file():
                    continue
                doc = load_yaml(path)
                section = doc.data.get("admin") if isinstance(doc.data, dict) else None
                if not isinstance(section, dict):
                    raise doc.error("an admin file holds `admin:` with key: text lines")
                for key, text in section.items():
                    if not isinstance(text, str):
                        raise doc.error(f"admin text `{key}` must be text", "admin", key)
                    if key in found:
                        raise doc.error(f"admin text `{key}` is also in {where[key]}", "admin", key)
                    found[str(key)], where[str(key)] = text, path
            self._texts[lang] = found
        return self._texts[lang]

    def say(self, lang: str, key: str, **values: object) -> str:
        """The text of `key` in `lang` (else English, else the key itself), placeholders filled."""
        text = self.texts(lang).get(key)
        if text is None and lang != FALLBACK:
            text = self.texts(FALLBACK).get(key)
        if text is None:
            return key
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError) as exc:
            raise AssistantError(f"admin text `{key}` ({lang}): cannot fill in {exc}") from None

    def say_or(self, lang: str, key: str, fallback: str, **values: object) -> str:
        """The text of `key`, or `fallback` when no language has it (a skill's own English words)."""
        return self.say(lang, key, **values) if self.has(key) or key in self.texts(lang) else fallback

    def has(self, key: str) -> bool:
        """Whether `key` is an admin text (in English, where every one is)."""
        return key in self.texts(FALLBACK)

    def speaker(self, lang: str) -> Speaker:
        """`t` for one language: `t("key", count=3)`, and `t.get("key", "fallback")`."""
        return Speaker(self, lang)


class Speaker:
    """The admin's texts in one language, for a page: `t("key", name=value)` and `t.get(key, fallback)`."""

    def __init__(self, words: AdminWords, lang: str):
        self.words = words
        """Where the texts come from."""
        self.lang = lang
        """The teacher's admin language."""

    def __call__(self, key: str, **values: object) -> str:
        return self.words.say(self.lang, key, **values)

    def get(self, key: str, fallback: str, **values: object) -> str:
        """The text of `key`, or `fallback` when there is none."""
        return self.words.say_or(self.lang, key, fallback, **values)

    def count(self, key: str, count: int, **values: object) -> str:
        """`key_one` for one, `key_other` for any other count (English and Swedish plurals)."""
        return self(f"{key}_{'one' if count == 1 else 'other'}", count=count, **values)


def admin_language(request: Request, words: AdminWords, preschool_language: str) -> str:
    """The teacher's chosen admin language, else the preschool's own when the admin has it, else English."""
    offered = words.languages
    chosen = request.cookies.get(COOKIE, "")
    if chosen in offered:
        return chosen
    return preschool_language if preschool_language in offered else FALLBACK
