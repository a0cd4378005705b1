"""An intent classifier per language: word and character n-grams with a linear model."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sklearn.pipeline import FeatureUnion

OUT_OF_SCOPE = "out_of_scope"


def make_features() -> FeatureUnion:
    """Character n-grams cope with compounds and recogniser slips; words carry the phrasing."""
    # scikit-learn is imported when a recogniser is trained, not when a command merely starts.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion(
        [
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                      token_pattern=r"(?u)\b\w[\w']*\b")),
        ]
    )


class IntentRecognizer:
    """Ranks intents for a normalised sentence, each with a confidence.

    A linear SVM trains in tens of milliseconds where logistic regression takes seconds on the
    same data, and generalised as well on held-out sentences. Its margins become confidences by a
    softmax with a fixed `sharpness`, so the thresholds mean the same in every language.
    """

    def __init__(self, c: float = 1.0, sharpness: float = 5.0):
        from sklearn.svm import LinearSVC

        self.features = make_features()
        # A fixed seed: the same data always gives the same model (liblinear shuffles).
        self.model = LinearSVC(C=c, class_weight="balanced", random_state=0)
        self.sharpness = sharpness
        self.intents: list[str] = []
        self.words: frozenset[str] = frozenset()
        """The single words the examples use (to tell which language a sentence is in)."""

    def fit(self, texts: list[str], intents: list[str]) -> IntentRecognizer:
        """Train on normalised sentences and their intents."""
        matrix = self.features.fit_transform(texts)
        self.model.fit(matrix, intents)
        self.intents = [str(c) for c in self.model.classes_]
        # Scoring one sentence by hand skips sklearn's sparse-matrix machinery, which costs ten
        # times the maths itself; `transform` below is the reference it must agree with.
        self._coef = self.model.coef_.T.astype(np.float64)
        self._intercept = self.model.intercept_.astype(np.float64)
        self._binary = len(self.intents) == 2
        words = dict(self.features.transformer_list)["words"].vocabulary_
        self.words = frozenset(w for w in words if " " not in w)   # not the word pairs
        self._blocks = []
        offset = 0
        for _, vectorizer in self.features.transformer_list:
            self._blocks.append((vectorizer.build_analyzer(), vectorizer.vocabulary_,
                                 vectorizer.idf_, offset))
            offset += len(vectorizer.vocabulary_)
        return self

    def vectorize(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The sentence's feature columns and TF-IDF values, as `features.transform` gives them."""
        columns, values = [], []
        for analyze, vocabulary, idf, offset in self._blocks:
            counts = Counter(t for t in analyze(text) if t in vocabulary)
            if not counts:
                continue
            cols = np.fromiter((vocabulary[t] for t in counts), dtype=np.intp, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            weights = (1.0 + np.log(tf)) * idf[cols]
            columns.append(cols + offset)
            values.append(weights / np.linalg.norm(weights))
        if not columns:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        return np.concatenate(columns), np.concatenate(values)

    def rank(self, text: str) -> list[tuple[str, float]]:
        """(intent, probability) pairs, best first."""
        columns, values = self.vectorize(text)
        scores = values @ self._coef[columns] + self._intercept
        if self._binary:
            scores = np.array([-scores[0], scores[0]])
        scores = (scores - scores.max()) * self.sharpness
        probs = np.exp(scores)
        probs /= probs.sum()
        order = np.argsort(-probs)
        return [(self.intents[i], float(probs[i])) for i in order]
