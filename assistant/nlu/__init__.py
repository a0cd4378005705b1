"""Natural-language understanding: from a sentence to an intent and entities, per language."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from assistant.nlu.cache import ModelCache
from assistant.nlu.data import EntitySpan, Example, LanguageData, Variant, load_language
from assistant.nlu.entities import Entity, EntityExtractor
from assistant.nlu.normalize import Normalizer
from assistant.nlu.recognizer import OUT_OF_SCOPE, IntentRecognizer

__all__ = [
    "NLU",
    "OUT_OF_SCOPE",
    "Entity",
    "EntitySpan",
    "Example",
    "LanguageData",
    "LanguageModel",
    "Parse",
    "Thresholds",
    "Variant",
    "load_language",
]


@dataclass
class Parse:
    """What a sentence means, as far as the recogniser can tell."""

    text: str
    """The sentence as it came in."""
    lang: str
    """The language it was parsed as."""
    intent: str
    """The best intent, or `out_of_scope` when unsure."""
    confidence: float
    """The probability of the best intent (0–1)."""
    entities: list[Entity] = field(default_factory=list)
    """Entities found, left to right."""
    normalized: str = ""
    """The sentence after normalisation."""
    ranking: list[tuple[str, float]] = field(default_factory=list)
    """Every intent with its probability, best first."""
    spoken: str = ""
    """The sentence normalised but with every word said (repeats kept), for the safety check."""

    def to_json(self) -> dict:
        """The shape `assistant parse` prints (DESIGN §4)."""
        return {
            "text": self.text,
            "lang": self.lang,
            "intent": {"name": self.intent, "confidence": round(self.confidence, 4)},
            "entities": [e.to_json() for e in self.entities],
        }


@dataclass
class Thresholds:
    """When the recogniser should rather say it does not know."""

    confidence: float = 0.45
    """Below this probability the answer is `out_of_scope`."""
    margin: float = 0.12
    """When the two best intents are closer than this, the answer is `out_of_scope`."""


class LanguageModel:
    """Normaliser, intent recogniser, entity extractor and safety patterns of one language."""

    def __init__(self, data: LanguageData, names: list[str], thresholds: Thresholds | None = None,
                 borrowed: dict[str, tuple[str, str]] | None = None):
        self.data = data
        self.thresholds = thresholds or Thresholds()
        self.normalize = Normalizer(fillers=data.fillers, names=names)
        self.entities = EntityExtractor(data, self.normalize, borrowed)
        self.recognizer = IntentRecognizer()
        texts = [self.normalize(e.text) for e in data.examples]
        self.recognizer.fit(texts, [e.intent for e in data.examples])
        intents = set(data.intents)
        # A regex or a lookup of cue phrases named after an intent marks sentences that must reach
        # it whatever the recogniser thinks (the safety check: `lookup: distress`).
        self.intent_patterns: dict[str, list[re.Pattern]] = {}
        for name, patterns in data.regexes.items():
            if name in intents:
                self.intent_patterns.setdefault(name, []).extend(re.compile(p) for p in patterns)
        for name, phrases in data.lookups.items():
            if name in intents:
                cues = [cue_pattern(" ".join(self._cue_word(w) for w in p.split())) for p in phrases]
                self.intent_patterns.setdefault(name, []).extend(c for c in cues if c)

    def _cue_word(self, word: str) -> str:
        """A word of a cue phrase, normalised as sentences are (keeping `*` and `...`)."""
        return word if word == GAP else self.normalize.basic(word) + "*" * word.endswith("*")

    def parse(self, text: str) -> Parse:
        """The intent and entities of one sentence."""
        normalized = self.normalize(text)
        spoken = self.normalize.spoken(text)
        if not normalized:
            return Parse(text, self.data.lang, OUT_OF_SCOPE, 1.0, [], normalized, [], spoken)
        ranking = self.recognizer.rank(normalized)
        (best, p1), p2 = ranking[0], (ranking[1][1] if len(ranking) > 1 else 0.0)
        intent = best
        if p1 < self.thresholds.confidence or p1 - p2 < self.thresholds.margin:
            intent = OUT_OF_SCOPE
        entities = self.entities.extract(normalized)
        return Parse(text, self.data.lang, intent, p1, entities, normalized, ranking, spoken)

    def coverage(self, text: str) -> float:
        """The share of the sentence's words that this language's examples use (0–1)."""
        words = self.normalize(text).split()
        if not words:
            return 0.0
        return sum(w in self.recognizer.words for w in words) / len(words)

    def matches_pattern(self, intent: str, normalized: str) -> bool:
        """Whether one of the intent's marking regexes or cue phrases occurs in the normalised sentence."""
        return any(p.search(normalized) for p in self.intent_patterns.get(intent, []))

    def marked(self, intent: str, text: str) -> bool:
        """Whether a sentence carries one of the intent's marks, said once or repeated ("aj aj")."""
        return self.matches_pattern(intent, self.normalize(text)) or \
            self.matches_pattern(intent, self.normalize.spoken(text))


GAP = "..."
"""In a cue phrase, up to three words of any kind ("hittar inte ... fröken")."""


def cue_pattern(phrase: str) -> re.Pattern | None:
    """A cue phrase as a pattern over normalised text: whole words, in order; a word ending in `*`
    matches any ending ("slog*" matches "slog" and "slogs"); `...` stands for up to three words in
    between ("can't find ... mum" matches "can't find my mum")."""
    words = phrase.split()
    if not words or all(w == GAP for w in words):
        return None
    pattern = r"(?<!\w)"
    for i, word in enumerate(words):
        if word == GAP:
            pattern += r"(?:\S+\s+){0,3}"
            continue
        pattern += re.escape(word[:-1]) + r"\w*" if word.endswith("*") else re.escape(word)
        pattern += r"(?!\w)" if i == len(words) - 1 else r"\s+"
    return re.compile(pattern)


class NLU:
    """One LanguageModel per language, each trained the first time it is needed (a one-shot
    question in one language trains only that one); `models` trains them all.

    The preschool's own language (`local`, the default one) is understood inside every other:
    its entity words are known in each language ("what's the mellanmål today"), and a question
    another language's model does not understand is tried in it (a child answering in Swedish
    to an Arabic flag); the answer is still in the chosen language."""

    def __init__(self, data: dict[str, LanguageData], names: list[str], thresholds: Thresholds | None = None,
                 local: str | None = None, cache: ModelCache | None = None):
        self.data = data
        """Each language's data."""
        self.names = names
        self.thresholds = thresholds or Thresholds()
        self.local = local if local in data else None
        """The language children hear around them (the preschool's default), or None."""
        self.cache = cache
        """Where trained models are kept between starts (None: train at every start)."""
        self._models: dict[str, LanguageModel] = {}
        self._borrowed: dict[str, tuple[str, str]] | None = None
        self._lock = threading.RLock()

    @classmethod
    def train(cls, data: dict[str, LanguageData], names: list[str],
              thresholds: Thresholds | None = None, local: str | None = None,
              cache: ModelCache | None = None) -> NLU:
        """Every language, trained now."""
        nlu = cls(data, names, thresholds, local, cache)
        _ = nlu.models
        return nlu

    def model(self, lang: str) -> LanguageModel:
        """The trained model of `lang` (KeyError for a language without data)."""
        if lang not in self._models:
            data = self.data[lang]
            with self._lock:
                if lang not in self._models:
                    self._models[lang] = self._trained(lang, data)
        return self._models[lang]

    def _trained(self, lang: str, data: LanguageData) -> LanguageModel:
        borrowed = self._local_words() if lang != self.local else None
        if self.cache is None:
            return LanguageModel(data, self.names, self.thresholds, borrowed)
        extra = repr((self.names, self.thresholds, sorted((borrowed or {}).items())))
        key = self.cache.key(lang, data.files, extra)
        model = self.cache.load(lang, key)
        if model is None:
            model = LanguageModel(data, self.names, self.thresholds, borrowed)
            self.cache.save(lang, key, model)
        # The data read now, not the copy stored with the model (the same files, to the byte).
        model.data = data
        return model

    def _local_words(self) -> dict[str, tuple[str, str]] | None:
        if self.local is None:
            return None
        if self._borrowed is None:
            data = self.data[self.local]
            self._borrowed = EntityExtractor(data, Normalizer(data.fillers, self.names)).vocabulary
        return self._borrowed

    @property
    def models(self) -> dict[str, LanguageModel]:
        """Every language's model (trained now if not yet)."""
        return {lang: self.model(lang) for lang in self.data}

    def parse(self, text: str, lang: str) -> Parse:
        """Parse `text` as language `lang`."""
        return self.model(lang).parse(text)

    def understand(self, text: str, lang: str) -> tuple[Parse, LanguageModel]:
        """`text` as a child of `lang` may say it: in `lang`, or, when that is not understood, in
        the preschool's own language. Returns the parse and the model that made it."""
        model = self.model(lang)
        parse = model.parse(text)
        if self.local in (None, lang) or model.marked("distress", text):
            return parse, model
        local = self.model(self.local)
        # Whose words are these? A sentence said in the preschool's language is mostly its words,
        # and fewer of the chosen language's (which knows only the borrowed ones, "lunch", "idag").
        # The local model is asked only then: it guesses wildly at another language's sentence.
        ours, theirs = model.coverage(text), local.coverage(text)
        if theirs < 0.6 or theirs <= ours:
            return parse, model
        if parse.intent != OUT_OF_SCOPE and not (theirs >= 0.75 and ours < 0.5):
            return parse, model
        other = local.parse(text)
        if other.intent == OUT_OF_SCOPE and not local.marked("distress", text):
            return parse, model
        return other, local

    @property
    def languages(self) -> list[str]:
        """The languages that have data."""
        return list(self.data)
