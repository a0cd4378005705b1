"""Find entities (day, meal, garment, ...) in normalised text, tolerating recogniser slips."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from assistant.nlu.data import LanguageData
from assistant.nlu.normalize import Normalizer, fold

MAX_WORDS = 4
BORROWED_MIN = 4
"""The shortest entity word borrowed from another language: shorter ones collide with real words."""


@dataclass
class Entity:
    """An entity found in a sentence."""

    entity: str
    """The entity type, e.g. `day`."""
    value: str
    """The canonical value, e.g. `tomorrow`."""
    text: str
    """The words of the (normalised) sentence that named it."""
    start: int = 0
    """Character offset of `text` in the normalised sentence."""
    end: int = 0
    """Character offset just after `text`."""

    def to_json(self) -> dict:
        """The entity as in the reply JSON of DESIGN §4."""
        return {"entity": self.entity, "value": self.value, "text": self.text}


def fuzzy_cutoff(text: str) -> float | None:
    """How alike a phrase must be to a known form; short words must match exactly."""
    if len(text) < 5:
        return None
    return 88.0 if len(text) < 7 else 82.0


class EntityExtractor:
    """Exact matches of known forms first, then fuzzy ones (rapidfuzz), then regexes."""

    def __init__(self, data: LanguageData, normalize: Normalizer,
                 borrowed: dict[str, tuple[str, str]] | None = None):
        self.vocabulary: dict[str, tuple[str, str]] = {}
        entity_of = data.entity_of_value
        for example in data.examples:
            for span in example.entities:
                self._add(normalize.basic(span.text), span.entity, span.value)
        for text, value in data.synonyms.items():
            if value in entity_of:
                self._add(normalize.basic(text), entity_of[value], value)
        for entity, texts in data.lookups.items():
            if entity in set(entity_of.values()):
                for text in texts:
                    self._add(normalize.basic(text), entity, data.synonyms.get(text, text))
        # The fuzzy matches are of the language's own words only; then the words borrowed from the
        # preschool's own language ("what's the mellanmål today"), exactly as written.
        own = list(self.vocabulary)
        for form, meaning in (borrowed or {}).items():
            if len(form) >= BORROWED_MIN:
                self.vocabulary.setdefault(form, meaning)
        self._folded: dict[int, dict[str, str]] = {}
        for form in own:
            self._folded.setdefault(len(form.split()), {})[fold(form)] = form
        entities = set(entity_of.values())
        self.regexes = [
            (name, re.compile(pattern))
            for name, patterns in data.regexes.items()
            if name in entities
            for pattern in patterns
        ]
        self.synonyms = {normalize.basic(k): v for k, v in data.synonyms.items()}
        # Words the language's examples use that are not entities ("lapset", children, beside
        # "lapaset", mittens): a real word of the language is never taken for a slip of an entity.
        entity_words = {w for form in self.vocabulary for w in form.split()}
        self.plain_words = {w for e in data.examples for w in normalize.basic(e.text).split()} - entity_words

    def _add(self, form: str, entity: str, value: str) -> None:
        # The first meaning a form was given wins: an author annotating more later should not flip it.
        if form:
            self.vocabulary.setdefault(form, (entity, value))

    def extract(self, text: str) -> list[Entity]:
        """All entities in `text` (already normalised), left to right."""
        words = text.split()
        starts, pos = [], 0
        for word in words:
            pos = text.index(word, pos)
            starts.append(pos)
            pos += len(word)
        spans = self._scan(words, self._exact, [False] * len(words))
        # Fuzzy matching only where nothing matched exactly, so a slip never outranks a real word.
        covered = [False] * len(words)
        for i, size, _, _ in spans:
            covered[i : i + size] = [True] * size
        spans += self._scan(words, self._fuzzy, covered)
        found = []
        for i, size, entity, value in spans:
            start, end = starts[i], starts[i + size - 1] + len(words[i + size - 1])
            found.append(Entity(entity, value, text[start:end], start, end))
        for name, pattern in self.regexes:
            for m in pattern.finditer(text):
                if not any(e.start < m.end() and m.start() < e.end for e in found):
                    value = self.synonyms.get(m.group(0), m.group(0))
                    found.append(Entity(name, value, m.group(0), m.start(), m.end()))
        return sorted(found, key=lambda e: e.start)

    def _scan(self, words: list[str], match, covered: list[bool]) -> list[tuple[int, int, str, str]]:
        spans, i = [], 0
        while i < len(words):
            if covered[i]:
                i += 1
                continue
            free = next((j for j in range(i, len(words)) if covered[j]), len(words)) - i
            for size in range(min(MAX_WORDS, free), 0, -1):
                hit = match(words[i : i + size])
                if hit:
                    spans.append((i, size, *hit))
                    i += size
                    break
            else:
                i += 1
        return spans

    def _exact(self, words: list[str]) -> tuple[str, str] | None:
        return self.vocabulary.get(" ".join(words))

    def _fuzzy(self, words: list[str]) -> tuple[str, str] | None:
        if all(w in self.plain_words for w in words):
            return None
        phrase = fold(" ".join(words))
        cutoff = fuzzy_cutoff(phrase)
        choices = self._folded.get(len(words))
        if cutoff is None or not choices:
            return None
        best = process.extractOne(phrase, choices.keys(), scorer=fuzz.ratio, score_cutoff=cutoff)
        if not best:
            return None
        # Every word must resemble its counterpart: "a mittens" is not "rain mittens".
        if any(fuzz.ratio(a, b) < 60 for a, b in zip(phrase.split(), best[0].split(), strict=True)):
            return None
        return self.vocabulary[choices[best[0]]]
