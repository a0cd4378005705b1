"""The food lexicon: a picture for a dish (`lexicon.yml`), and the dish in the child's language from
the translators' names (`words: {food: ...}` in nlu_data/<lang>/foods.yml)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import AssistantError
from assistant.yamlfile import load_yaml

LEXICON = Path(__file__).with_name("lexicon.yml")
DEFAULT_PICTURE = "dish"
"""The picture of a dish the lexicon has no picture for."""
MIN_PART = 2
"""The shortest piece a compound word is split into ("te" is tea; shorter pieces are noise)."""
_LONGEST_NAME = 4
"""The most words a listed name has ("pytt i panna")."""
_EDGE = re.compile(r"^([^\w]*)(.*?)([^\w]*)$", re.UNICODE)


@dataclass
class Entry:
    """One food or word of the lexicon."""

    name: str
    """The word as menus write it (lower case, in the lexicon's own language): the key of its
    names in `words.food`."""
    picture: str | None
    """Its picture, or None for a joining or describing word."""
    describing: bool = False
    """Whether it describes the food after it ("stekt" fisk, "vegetarisk" lasagne)."""


@dataclass(frozen=True)
class Grammar:
    """How a language puts a dish's translated words together (`words: {food_grammar: ...}` in its
    foods.yml), for dishes the menus write as compounds or with describing words."""

    pattern: str = "{modifier} {head}"
    """How a word made of parts is said, its last part being the food ("morot|lasagne"):
    "{head} de {modifier}" in Spanish. Longer compounds nest ("kyckling|kebab|gryta")."""
    describing: str = "before"
    """Where a describing word goes: `before` its food ("fried fish") or `after` it ("pescado frito")."""

    @classmethod
    def of(cls, words: Mapping[str, str]) -> Grammar:
        """A language's grammar from its `food_grammar` words (`compound`, `describing`)."""
        defaults = cls()
        return cls(words.get("compound", defaults.pattern), words.get("describing", defaults.describing))

    def compound(self, names: list[str]) -> str:
        """The names of a compound's parts (modifiers first, as menus write them) said as one food."""
        if len(names) == 1:
            return names[0]
        return self.pattern.format(modifier=self.compound(names[:-1]), head=names[-1])

    def order(self, said: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
        """The words in the language's order: a describing word after the food it describes."""
        if self.describing != "after":
            return said
        words = list(said)
        for i in range(len(words) - 2, -1, -1):
            if words[i][1] and not words[i + 1][1]:
                words[i], words[i + 1] = words[i + 1], words[i]
        return words


@dataclass
class Lexicon:
    """Foods and words by every form they are written in."""

    language: str
    """The language menus are written in (the keys of the file)."""
    entries: dict[str, Entry]
    """Every written form (lower case) → its entry."""
    _parts: dict[str, list[Entry] | None] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path: Path = LEXICON) -> Lexicon:
        """Read the lexicon; a malformed entry is an error naming its line."""
        doc = load_yaml(path)
        data = doc.data if isinstance(doc.data, dict) else {}
        language = data.get("language")
        if not isinstance(language, str):
            raise doc.error("`language:` must name the language the keys are written in", "language")
        entries: dict[str, Entry] = {}
        for section, needs_picture in (("foods", True), ("words", False)):
            for key, value in (data.get(section) or {}).items():
                if not isinstance(value, dict) or (needs_picture and not value.get("picture")):
                    raise doc.error(f"`{key}` needs a picture, e.g. {{picture: meatballs}}", section, key)
                unknown = set(value) - {"picture", "forms", "describing"}
                if unknown:
                    raise doc.error(f"`{key}`: unknown key `{sorted(unknown)[0]}` (names in a "
                                    "language belong in nlu_data/<lang>/foods.yml)", section, key)
                entry = Entry(str(key).lower(), value.get("picture"), bool(value.get("describing")))
                for form in [key, *(value.get("forms") or [])]:
                    entries.setdefault(str(form).lower(), entry)
        if not entries:
            raise AssistantError("the food lexicon is empty", path)
        return cls(language, entries)

    @property
    def foods(self) -> list[Entry]:
        """The distinct entries that have a picture."""
        unique = {id(e): e for e in self.entries.values() if e.picture}
        return list(unique.values())

    def picture(self, dish: str) -> str:
        """The picture of a dish: that of its first word (or compound part) that has one."""
        for entries in self._words(dish):
            for entry in entries or []:
                if entry.picture:
                    return entry.picture
        return DEFAULT_PICTURE

    @property
    def keys(self) -> list[str]:
        """Every entry's key (what `words.food` names), foods and joining words alike."""
        return sorted({e.name for e in self.entries.values()})

    def say(self, dish: str, names: Mapping[str, str] | None, grammar: Grammar | None = None) -> str:
        """The dish in a language whose food names are `names` (None: the menus' own language)
        put together by its `grammar`, or its own words when not all of them are named: never a
        half-translated dish."""
        if names is None:
            return dish
        return self._translate(dish, names, grammar) or dish

    def knows(self, dish: str, names: Mapping[str, str] | None) -> bool:
        """Whether every word of the dish has a name in `names`."""
        return names is None or self._translate(dish, names) is not None

    def missing(self, names: Mapping[str, str]) -> list[str]:
        """The keys `names` gives no name for (what a translator has left to do)."""
        return [key for key in self.keys if key not in names]

    def _translate(self, dish: str, names: Mapping[str, str], grammar: Grammar | None = None
                   ) -> str | None:
        grammar = grammar or Grammar()
        said: list[tuple[str, bool]] = []   # (words, whether they describe what follows)
        for (before, core, after), entries in zip(_chunks(dish), self._words(dish), strict=True):
            if entries is None:
                if core and not core.isdigit():
                    return None
                said.append((before + core + after, False))
                continue
            if not entries:
                # The rest of a name of several words: only its punctuation is left to keep.
                if said and (before or after):
                    said[-1] = (said[-1][0] + after, said[-1][1])
                continue
            found = [names.get(e.name) for e in entries]
            if any(n is None for n in found):
                return None
            # A suspended compound ("potatis- och purjolökssoppa") loses its hyphen in translation.
            after = after.lstrip("-")
            describing = len(entries) == 1 and entries[0].describing and not (before or after)
            said.append((before + grammar.compound([n for n in found if n]) + after, describing))
        return " ".join(words for words, _ in grammar.order(said) if words)

    def _words(self, dish: str) -> list[list[Entry] | None]:
        """Per chunk of the dish: the entries it is made of, [] when it is part of a longer name
        listed at an earlier chunk, None when unknown."""
        chunks = _chunks(dish)
        cores = [core.lower() for _, core, _ in chunks]
        found: list[list[Entry] | None] = []
        index = 0
        while index < len(cores):
            for length in range(min(_LONGEST_NAME, len(cores) - index), 1, -1):
                name = " ".join(cores[index:index + length])
                if name in self.entries:
                    found.append([self.entries[name]])
                    found.extend([] for _ in range(length - 1))
                    index += length
                    break
            else:
                found.append(self._split(cores[index]))
                index += 1
        return found

    def _split(self, word: str) -> list[Entry] | None:
        """A word as entries: itself, or the parts of a compound ("kycklingkebabgryta")."""
        if word in self._parts:
            return self._parts[word]
        result: list[Entry] | None = None
        if word in self.entries:
            result = [self.entries[word]]
        elif word:
            result = self._compound(word)
        self._parts[word] = result
        return result

    def _compound(self, word: str) -> list[Entry] | None:
        # Longest first part first; Swedish joins parts with an optional "s" ("morot-s-lasagne").
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, rest = word[:cut], word[cut:]
            if head not in self.entries:
                continue
            for tail in (rest, rest[1:] if rest.startswith("s") and len(rest) > MIN_PART else None):
                if tail is None:
                    continue
                tail_parts = self._split(tail)
                if tail_parts:
                    return [self.entries[head], *tail_parts]
        return None


def _chunks(dish: str) -> list[tuple[str, str, str]]:
    """Words with the punctuation around them: "potatis," → ("", "potatis", ",")."""
    chunks = []
    for token in dish.split():
        match = _EDGE.match(token)
        assert match is not None  # the pattern matches any string
        before, core, after = match.groups()
        if core.endswith("-"):
            core, after = core[:-1], "-" + after
        chunks.append((before, core, after))
    return chunks
