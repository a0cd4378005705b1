"""Dishes told simply: a kitchen's menu line made short and concrete for a four-year-old.

"Fiskbullar i dillsås med kokt potatis (Fisk)" becomes "fiskbullar med potatis". The words this
takes off (labels, marketing, cooking words, allergen notes) are data: `source_words.yml`.
Like Laiban's word filter (reference/laiban.md §3.3), but it keeps the kitchen's own word order.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

SOURCE_WORDS = Path(__file__).with_name("source_words.yml")
MAX_WORDS = 8
"""A dish longer than this is cut at a comma or a joining word."""

_TAG = re.compile(r"<[^>]+>")
_LABEL = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
# A kitchen's subtitle after " - " and a second sentence are descriptions, not the dish's name.
_SUBTITLE = re.compile(r"\s+[-–—]\s+.*$|(?<=\w)\.\s+\S.*$")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w[\w-]*", re.UNICODE)


@dataclass
class SourceWords:
    """What the words of a menu source mean (loaded from `source_words.yml`)."""

    meal_names: dict[str, str]
    """A source's meal name (its start) → breakfast, lunch or snack."""
    skip_meals: list[str]
    """Meal names a preschool child is not served."""
    vegetarian: list[re.Pattern[str]]
    """A dish whose text matches one of these is a vegetarian alternative."""
    vegetarian_labels: list[re.Pattern[str]]
    """A dish with a (label) matching one of these is a vegetarian alternative."""
    placeholders: list[re.Pattern[str]]
    """Stand-ins like "Kökets val": only said when nothing else is on the menu."""
    not_dishes: list[re.Pattern[str]]
    """Closed days, holidays and school breaks written where a dish would be."""
    accompaniments: set[str]
    """Words of the everyday sides ("Grönsaker, bröd och dryck")."""
    drop_words: set[str]
    """Marketing and cooking words taken off a dish."""
    replace: list[tuple[re.Pattern[str], str]]
    """Rewrites done first ("serveras med" → "med")."""
    drop_patterns: list[re.Pattern[str]]
    """Parts taken off (sauces in separate words, allergen notes)."""
    connectors: set[str]
    """Joining words a shortened dish must not end with."""
    simplified: dict[str, str] = field(default_factory=dict, repr=False)
    """Memo of lines already simplified (a turn must stay fast)."""

    @classmethod
    def load(cls, path: Path = SOURCE_WORDS) -> SourceWords:
        """Read the data file."""
        data = yaml.safe_load(path.read_text(encoding="utf-8"))

        def patterns(key: str) -> list[re.Pattern[str]]:
            return [re.compile(p, re.IGNORECASE) for p in data.get(key) or []]

        return cls(
            meal_names={k.lower(): v for k, v in (data.get("meal_names") or {}).items()},
            skip_meals=[s.lower() for s in data.get("skip_meals") or []],
            vegetarian=patterns("vegetarian"),
            vegetarian_labels=patterns("vegetarian_labels"),
            placeholders=patterns("placeholders"),
            not_dishes=patterns("not_dishes"),
            accompaniments={w.lower() for w in data.get("accompaniments") or []},
            drop_words={w.lower() for w in data.get("drop_words") or []},
            replace=[(re.compile(k, re.IGNORECASE), v) for k, v in (data.get("replace") or {}).items()],
            drop_patterns=patterns("drop_patterns"),
            connectors={w.lower() for w in data.get("connectors") or []},
        )

    @cached_property
    def _drop_word(self) -> re.Pattern[str]:
        words = sorted(self.drop_words, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])",
                          re.IGNORECASE)

    def meal_of(self, name: str | None) -> str | None:
        """Our meal for a source's meal or alternative name; None for a meal to leave out."""
        text = _SPACE.sub(" ", (name or "")).strip().lower()
        if any(text.startswith(skip) for skip in self.skip_meals):
            return None
        for start, meal in self.meal_names.items():
            if text.startswith(start):
                return meal
        return "lunch"

    def is_vegetarian(self, line: str) -> bool:
        """Whether a dish (with its labels) is marked or made vegetarian."""
        if any(p.search(line) for p in self.vegetarian):
            return True
        return any(p.search(label) for label in labels(line) for p in self.vegetarian_labels)

    def is_placeholder(self, line: str) -> bool:
        """Whether a dish is a stand-in like "Kökets val"."""
        name = plain(line).lower()
        return any(p.search(name) for p in self.placeholders)

    def is_dish(self, line: str) -> bool:
        """False for empty lines, closed-day notes and lines of only everyday sides."""
        name = plain(line).lower().strip(" .,;:!")
        if not name or any(p.search(name) for p in self.not_dishes):
            return False
        words = _WORD.findall(name)
        return bool(words) and not all(w in self.accompaniments for w in words)

    def simplify(self, line: str) -> str:
        """The dish as a child hears it: short, labels and marketing off, at most 8 words."""
        done = self.simplified.get(line)
        if done is None:
            done = self._simplify(line)
            self.simplified[line] = done
        return done

    def _simplify(self, line: str) -> str:
        text = plain(line)
        text = _SUBTITLE.sub("", text)
        for pattern, replacement in self.replace:
            text = pattern.sub(replacement, text)
        text = text.replace("*", "").replace("~", " ")
        for pattern in self.drop_patterns:
            text = pattern.sub(" ", text)
        text = self._drop_word.sub(" ", text)
        text = self._without_everyday_sides(self._tidy(text))
        words = text.split(" ")
        if len(words) > MAX_WORDS:
            text = self._shorten(words)
        if not text:
            # Everything was a label or a marketing word: the kitchen's own words are better than nothing.
            text = " ".join(plain(line).split(" ")[:MAX_WORDS])
        return _lower_first(text)

    def _tidy(self, text: str) -> str:
        text = _SPACE.sub(" ", text).strip()
        text = re.sub(r"\s+([,.;:])", r"\1", text)
        text = re.sub(r"([,;])(\s*[,;])+", r"\1", text)
        text = text.strip(" ,.;:")
        words = text.split(" ") if text else []
        # A dish that now starts or ends with "med" or "och" lost a part: take the dangling word off.
        while words and words[-1].lower().strip(",") in self.connectors:
            words.pop()
        while words and words[0].lower() in self.connectors:
            words.pop(0)
        return " ".join(words).strip(" ,.;:")

    def _without_everyday_sides(self, text: str) -> str:
        """"Köttbullar, potatis, grönsaker" → "köttbullar, potatis": every day has vegetables."""
        parts = text.split(", ")
        kept = parts[:1] + [p for p in parts[1:]
                            if not all(w.lower() in self.accompaniments for w in _WORD.findall(p))]
        return ", ".join(kept)

    def _shorten(self, words: list[str]) -> str:
        """The longest start of the dish, at most MAX_WORDS words, that ends where a part ends."""
        best = MAX_WORDS
        for end in range(MAX_WORDS, 0, -1):
            before, after = words[end - 1], words[end] if end < len(words) else ""
            if before.endswith(",") or after.lower() in self.connectors:
                best = end
                break
        return self._tidy(" ".join(words[:best]))


def plain(line: str) -> str:
    """A source's line without HTML, entities and (labels)."""
    text = _TAG.sub(" ", html.unescape(line or ""))
    text = _LABEL.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def labels(line: str) -> list[str]:
    """The (labels) of a line, e.g. ["Fisk"] for "Fiskbullar med potatis (Fisk)"."""
    return [(a or b).strip() for a, b in _LABEL.findall(html.unescape(line or "")) if (a or b).strip()]


def _lower_first(text: str) -> str:
    """A dish said inside a sentence starts in small letters ("Fiskbullar" → "fiskbullar")."""
    if not text:
        return text
    first, _, rest = text.partition(" ")
    if first[1:2].isupper():
        return text  # starts with an abbreviation like "BBQ"
    return (first[:1].lower() + first[1:] + (" " + rest if rest else "")).strip()
