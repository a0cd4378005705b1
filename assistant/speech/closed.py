"""What an open recogniser heard, checked against what children can ask (a closed domain).

Whisper writes down anything, and on a child's voice or a noisy cloakroom it often writes words
nobody said, or the same word again and again. Its text is trusted only as far as it resembles a
question of the language's data: each of its hypotheses is compared (fuzzy, in that language)
with every example sentence, and the best pair wins. Nothing close enough, or a transcript that
looks like a hallucination, is heard as nothing, and the child is asked to say it again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from assistant.nlu.normalize import Normalizer

RANK_COST = 2.0
"""Similarity points a reading loses for each place below the recogniser's best."""
WORD_LIKE = 85.0
"""How close (0-100) a word must be to an example's word to count as one of the language's."""
LONG_WORDS = 4
"""From this many words a reading may count as heard by its words alone."""
WORDS_COST = 25.0
"""Points a reading heard by its words gives up against one that resembles a whole example."""
ENOUGH = 60.0
"""The least similarity (0-100) to the nearest example for a transcript to count as heard
(measured on spoken questions: benchmarks/speech.py)."""


@dataclass(frozen=True)
class Hypothesis:
    """One of the recogniser's readings of a clip."""

    text: str
    """The words."""
    no_speech: float = 0.0
    """The recogniser's probability that the clip holds no speech at all."""
    compression: float = 1.0
    """How much the text compresses (gzip): above about 2.4 it is mostly repetition."""
    rank: int = 0
    """Its place among the readings of one decoding (0: the recogniser's best)."""


@dataclass(frozen=True)
class Heard:
    """What the recogniser's readings come to."""

    text: str
    """The reading to understand; empty when nothing was heard well enough."""
    nearest: str = ""
    """The example sentence it is closest to."""
    similarity: float = 0.0
    """How close (0-100)."""
    why_not: str = ""
    """Why nothing was heard: `silence`, `hallucination` or `no_match`."""


class Domain:
    """The sentences of one language that a child may say."""

    def __init__(self, sentences: list[str] | tuple[str, ...], enough: float = ENOUGH):
        self.sentences = sorted({Normalizer.basic(s) for s in sentences if Normalizer.basic(s)})
        """Every example, normalised."""
        self.enough = enough
        """The least similarity that counts as heard."""
        self.words = sorted({w for sentence in self.sentences for w in sentence.split()})
        """Every word of the examples: a long question in new words is still made of these."""
        self._known = set(self.words)

    def known_words(self, text: str) -> float:
        """How much of a reading (0-100) is words children use in the language: each word as
        written in the examples, or nearly (a recogniser's spelling slip, an inflection)."""
        words = text.split()
        if not words:
            return 0.0
        known = sum(1 for w in words if w in self._known or (len(w) >= 4 and process.extractOne(
            w, self.words, scorer=fuzz.ratio, score_cutoff=WORD_LIKE) is not None))
        return 100.0 * known / len(words)

    def heard(self, hypotheses: list[Hypothesis]) -> Heard:
        """The best of the readings, or why none is good enough."""
        readings = [h for h in hypotheses if Normalizer.basic(h.text)]
        if not readings:
            return Heard("", why_not="silence")
        if all(looks_made_up(h) for h in readings):
            return Heard("", why_not="hallucination")
        # The closest reading wins, a lower-ranked one by a little less (the recogniser's own order
        # counts), and of two as close the longer one ("what day is it" over "what?": a reading
        # that explains more of the clip).
        best, best_key = Heard("", why_not="no_match"), (float("-inf"), 0)
        for hypothesis in readings:
            if looks_made_up(hypothesis):
                continue
            text = Normalizer.basic(hypothesis.text)
            found = process.extractOne(text, self.sentences, scorer=fuzz.ratio)
            if not found:
                continue
            # A long question a child puts in her own words resembles no single example, but is
            # made of the language's words ("they called me stupid and it made me cry"); an
            # invention on noise ("1.3.7.12", "undertexter från amara org") is not.
            similarity = found[1]
            if len(text.split()) >= LONG_WORDS:
                similarity = max(similarity, self.known_words(text) - WORDS_COST)
            key = (similarity - RANK_COST * hypothesis.rank, len(text.split()))
            if key > best_key:
                best, best_key = Heard(hypothesis.text.strip(), found[0], similarity), key
        if best.similarity < self.enough:
            return Heard("", best.nearest, best.similarity, "no_match")
        return best


def looks_made_up(hypothesis: Hypothesis) -> bool:
    """Whisper's typical inventions: text on a clip it thinks is silent, a phrase said over and
    over ("hej hej hej hej", "thank you thank you thank you"), text that is mostly repetition.
    A child's own "aj aj aj aj" (four words) stays."""
    if hypothesis.no_speech > 0.6 or hypothesis.compression > 2.4:
        return True
    words = Normalizer.basic(hypothesis.text).split()
    pairs = Counter(zip(words, words[1:], strict=False))
    return bool(pairs) and max(pairs.values()) >= 4
