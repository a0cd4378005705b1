"""An intent classifier per language: word and character n-grams with a linear model.

scikit-learn trains it; a trained recogniser keeps only plain arrays and dicts, and scores with
the n-gram analysers below. So a server whose models come from the model cache never imports
scikit-learn or SciPy (some 85 MB of a process), and a pickled model does not depend on them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sklearn.pipeline import FeatureUnion

OUT_OF_SCOPE = "out_of_scope"

CHARS = (2, 5)
"""Character n-grams inside word boundaries: they cope with compounds and recogniser slips."""
WORDS = (1, 2)
"""Words and word pairs: they carry the phrasing."""
TOKEN = re.compile(r"(?u)\b\w[\w']*\b")
"""What a word is (an apostrophe inside a word keeps it whole: "what's", "da'i")."""
_SPACES = re.compile(r"\s\s+")


def char_ngrams(text: str, low: int = CHARS[0], high: int = CHARS[1]) -> list[str]:
    """scikit-learn's `char_wb` analyser: n-grams of each word padded with one space each side."""
    grams = []
    for word in _SPACES.sub(" ", text.lower()).split():
        word = f" {word} "
        for n in range(low, high + 1):
            if len(word) <= n:   # a short word counts once, whole, as scikit-learn counts it
                grams.append(word)
                break
            grams.extend(word[i:i + n] for i in range(len(word) - n + 1))
    return grams


def word_ngrams(text: str, low: int = WORDS[0], high: int = WORDS[1]) -> list[str]:
    """scikit-learn's `word` analyser with the token pattern above: words, then word pairs."""
    tokens = TOKEN.findall(text.lower())
    grams = []
    for n in range(low, min(high, len(tokens)) + 1):
        grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return grams


def make_features() -> FeatureUnion:
    """The scikit-learn features the recogniser is trained on (and the reference its scoring matches)."""
    # scikit-learn is imported when a recogniser is trained, not when a command merely starts.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion(
        [
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=CHARS, sublinear_tf=True)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=WORDS, sublinear_tf=True,
                                      token_pattern=TOKEN.pattern)),
        ]
    )


def make_classifier(c: float = 1.0):
    """The linear model: a fixed seed, so the same data always gives the same model (liblinear shuffles)."""
    from sklearn.svm import LinearSVC

    return LinearSVC(C=c, class_weight="balanced", random_state=0)


@dataclass
class _Block:
    """One kind of n-gram: how a sentence is cut, which n-grams the model knows, and their weights."""

    analyze: object
    """The analyser (`char_ngrams` or `word_ngrams`)."""
    vocabulary: dict[str, int]
    """Each known n-gram's row in the weight matrix, before `offset`."""
    idf: np.ndarray
    """Inverse document frequency of each n-gram."""
    offset: int
    """Where this block's rows start in the weight matrix."""


class IntentRecognizer:
    """Ranks intents for a normalised sentence, each with a confidence.

    A linear SVM trains in tens of milliseconds where logistic regression takes seconds on the
    same data, and generalised as well on held-out sentences. Its margins become confidences by a
    softmax with a fixed `sharpness`, so the thresholds mean the same in every language.
    """

    def __init__(self, c: float = 1.0, sharpness: float = 5.0):
        self.c = c
        """The SVM's regularisation (smaller: smoother)."""
        self.sharpness = sharpness
        """How steeply margins become probabilities."""
        self.intents: list[str] = []
        """The intents, in the order of the weight matrix's columns."""
        self.words: frozenset[str] = frozenset()
        """The single words the examples use (to tell which language a sentence is in)."""
        self._blocks: list[_Block] = []
        self._coef = np.zeros((0, 0), dtype=np.float32)
        self._intercept = np.zeros(0, dtype=np.float32)

    def fit(self, texts: list[str], intents: list[str]) -> IntentRecognizer:
        """Train on normalised sentences and their intents."""
        features = make_features()
        model = make_classifier(self.c).fit(features.fit_transform(texts), intents)
        self.intents = [str(c) for c in model.classes_]
        # float32 halves the weights' memory; scores differ from float64 in the seventh digit.
        coef = model.coef_ if len(self.intents) > 2 else np.vstack([-model.coef_[0], model.coef_[0]])
        intercept = model.intercept_ if len(self.intents) > 2 else np.array(
            [-model.intercept_[0], model.intercept_[0]])
        self._coef = np.ascontiguousarray(coef.T, dtype=np.float32)
        self._intercept = intercept.astype(np.float32)
        self._blocks = []
        offset = 0
        for (_, vectorizer), analyze in zip(features.transformer_list, (char_ngrams, word_ngrams),
                                            strict=True):
            vocabulary = {str(t): int(i) for t, i in vectorizer.vocabulary_.items()}
            self._blocks.append(_Block(analyze, vocabulary, vectorizer.idf_.astype(np.float32), offset))
            offset += len(vocabulary)
        self.words = frozenset(w for w in self._blocks[1].vocabulary if " " not in w)  # not the pairs
        return self

    def vectorize(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The sentence's feature columns and TF-IDF values, as scikit-learn's `transform` gives them."""
        columns, values = [], []
        for block in self._blocks:
            counts = Counter(t for t in block.analyze(text) if t in block.vocabulary)
            if not counts:
                continue
            cols = np.fromiter((block.vocabulary[t] for t in counts), dtype=np.intp, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            weights = (1.0 + np.log(tf)) * block.idf[cols]
            columns.append(cols + block.offset)
            values.append(weights / np.linalg.norm(weights))
        if not columns:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        return np.concatenate(columns), np.concatenate(values)

    def scores(self, text: str) -> np.ndarray:
        """The linear model's margin for each intent (its `decision_function`)."""
        columns, values = self.vectorize(text)
        return values @ self._coef[columns] + self._intercept

    def rank(self, text: str) -> list[tuple[str, float]]:
        """(intent, probability) pairs, best first."""
        scores = self.scores(text)
        scores = (scores - scores.max()) * self.sharpness
        probs = np.exp(scores)
        probs /= probs.sum()
        order = np.argsort(-probs)
        return [(self.intents[i], float(probs[i])) for i in order]
