"""Make what a speech recogniser (or a tap) delivers comparable with the training examples."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

_NOT_WORD = re.compile(r"[^\w\s']+")
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "ʹ": "'"})


@cache
def _marks() -> re.Pattern:
    """Marks that sit on a letter (Unicode category Mn) in the Basic Multilingual Plane, as one
    character class: a regex finds them many times faster than asking for each character's category."""
    ranges, start = [], None
    for cp in range(0x10000):
        mark = unicodedata.category(chr(cp)) == "Mn"
        if mark and start is None:
            start = cp
        elif not mark and start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(cp - 1))}")
            start = None
    return re.compile(f"[{''.join(ranges)}]")


def fold(text: str) -> str:
    """Text without diacritics, for fuzzy comparison only (`måndag` ~ `mandag`)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass
class Normalizer:
    """Lower-cases, drops punctuation, fillers, the assistant's name said first, doubled words."""

    fillers: list[str] = field(default_factory=list)
    """Words (or phrases) to drop wherever they occur."""
    names: list[str] = field(default_factory=list)
    """The assistant's names; dropped when a sentence starts with one."""

    def __post_init__(self) -> None:
        # Fillers by their first word, longest first: each word of a sentence looks up only its own.
        self._fillers: dict[str, list[tuple[str, ...]]] = {}
        for filler in sorted({tuple(self.basic(f).split()) for f in self.fillers if self.basic(f)},
                             key=lambda f: (-len(f), f)):
            self._fillers.setdefault(filler[0], []).append(filler)
        self._names = [self.basic(n) for n in self.names if self.basic(n)]

    @staticmethod
    def basic(text: str) -> str:
        """Case, quotes, punctuation and spacing only; marks that sit on a letter (Arabic and
        Persian vowel signs, a combining accent left after composing) are dropped, not spaced."""
        text = unicodedata.normalize("NFC", text).translate(_QUOTES).casefold()
        if not text.isascii():
            text = _marks().sub("", text)
            if text and max(text) > "\uffff":  # rare: a mark beyond the BMP is looked up one by one
                text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
        text = _NOT_WORD.sub(" ", text)
        # An apostrophe only belongs inside a word ("what's"), not around it.
        words = [w.strip("'") for w in text.split()]
        return _SPACES.sub(" ", " ".join(w for w in words if w)).strip()

    def __call__(self, text: str) -> str:
        return " ".join(_once(self.spoken(text).split()))

    def spoken(self, text: str) -> str:
        """The sentence without punctuation, fillers and a leading name, but with every word said
        (a child's "help help" or "ow ow ow" is kept for the safety check)."""
        words = self.basic(text).split()
        words = self._drop_name(words)
        return " ".join(self._drop_fillers(words))

    def _drop_name(self, words: list[str]) -> list[str]:
        for name in self._names:
            size = len(name.split())
            head = " ".join(words[:size])
            if len(words) > size and fuzz.ratio(fold(head), fold(name)) >= 80:
                return words[size:]
        return words

    def _drop_fillers(self, words: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(words):
            for filler in self._fillers.get(words[i], ()):
                if tuple(words[i : i + len(filler)]) == filler and len(words) > len(filler):
                    i += len(filler)
                    break
            else:
                out.append(words[i])
                i += 1
        return out


def _once(words: list[str]) -> list[str]:
    """A word said twice in a row once ("vad vad blir det"): recognisers stutter."""
    return [w for i, w in enumerate(words) if i == 0 or w != words[i - 1]]
