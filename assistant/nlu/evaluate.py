"""How well the recogniser generalises: k-fold cross-validation on our own data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

from assistant.nlu import LanguageData, Thresholds
from assistant.nlu.normalize import Normalizer
from assistant.nlu.recognizer import OUT_OF_SCOPE, IntentRecognizer


@dataclass
class IntentScore:
    """Precision, recall and F1 of one intent."""

    intent: str
    """The intent."""
    precision: float
    """Of the sentences predicted as this intent, the share that were."""
    recall: float
    """Of the sentences of this intent, the share predicted as it."""
    f1: float
    """The harmonic mean of the two."""
    support: int
    """How many sentences of this intent were tested."""


@dataclass
class Evaluation:
    """The outcome of a cross-validation."""

    lang: str
    """The language evaluated."""
    accuracy: float
    """Share of sentences given their own intent."""
    scores: list[IntentScore]
    """Per intent."""
    confusions: list[tuple[str, str, int]] = field(default_factory=list)
    """(true intent, predicted intent, count), commonest first."""
    examples: list[tuple[str, str, str]] = field(default_factory=list)
    """(sentence, true intent, predicted intent) for every mistake."""


def decide(ranking: list[tuple[str, float]], thresholds: Thresholds) -> str:
    """The recogniser's answer after the 'not sure' rules (same as at run time)."""
    (best, p1), p2 = ranking[0], (ranking[1][1] if len(ranking) > 1 else 0.0)
    if p1 < thresholds.confidence or p1 - p2 < thresholds.margin:
        return OUT_OF_SCOPE
    return best


def score(lang: str, truth: list[str], predicted: list[str], texts: list[str]) -> Evaluation:
    """Per-intent figures and confusions of a set of predictions."""
    labels = sorted(set(truth) | set(predicted))
    p, r, f, s = precision_recall_fscore_support(truth, predicted, labels=labels, zero_division=0)
    scores = [IntentScore(*row) for row in zip(labels, p, r, f, s, strict=True) if row[4] > 0]
    mistakes = [(t, y, x) for t, y, x in zip(truth, predicted, texts, strict=True) if t != y]
    confusions = [(t, y, n) for (t, y), n in Counter((t, y) for t, y, _ in mistakes).most_common()]
    accuracy = 1 - len(mistakes) / max(len(truth), 1)
    return Evaluation(lang, accuracy, scores, confusions, [(x, t, y) for t, y, x in mistakes])


def cross_validate(data: LanguageData, names: list[str], folds: int = 5,
                   thresholds: Thresholds | None = None, seed: int = 0) -> Evaluation:
    """Train on k-1 folds, test on the last, k times; every sentence is tested once."""
    thresholds = thresholds or Thresholds()
    normalize = Normalizer(data.fillers, names)
    texts = [normalize(e.text) for e in data.examples]
    intents = [e.intent for e in data.examples]
    smallest = min(Counter(intents).values())
    splitter = StratifiedKFold(n_splits=max(2, min(folds, smallest)), shuffle=True,
                               random_state=seed)
    predicted = [""] * len(texts)
    for train, test in splitter.split(texts, intents):
        model = IntentRecognizer().fit([texts[i] for i in train], [intents[i] for i in train])
        for i in test:
            predicted[i] = decide(model.rank(texts[i]), thresholds)
    return score(data.lang, intents, predicted, [e.text for e in data.examples])


def format_report(evaluation: Evaluation, top: int = 10) -> str:
    """A table a data author can read."""
    lines = [f"language {evaluation.lang}: accuracy {evaluation.accuracy:.1%}",
             f"{'intent':<14} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>5}"]
    for s in sorted(evaluation.scores, key=lambda s: s.f1):
        lines.append(f"{s.intent:<14} {s.precision:>9.2f} {s.recall:>7.2f} {s.f1:>6.2f} {s.support:>5}")
    if evaluation.confusions:
        lines.append("most common confusions (true -> predicted):")
        for true, pred, n in evaluation.confusions[:top]:
            sample = next(x for x, t, y in evaluation.examples if t == true and y == pred)
            lines.append(f"  {n:>3}  {true} -> {pred}   e.g. {sample!r}")
    return "\n".join(lines)
