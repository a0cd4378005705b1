"""A small n-gram language model of what children ask, for pocketsphinx (ARPA format).

A grammar of the example sentences hears only those sentences; a child who puts the words a little
differently ("what's the weather" where the data says "what's the weather like") is then heard
as silence or as another sentence. A trigram model of the same sentences hears new orders of the
known words, and the closed-domain check after it (`closed.Domain`) still refuses what resembles
no question. Absolute discounting with back-off (Ney et al.): small, exact, no external tool.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

START, END = "<s>", "</s>"
DISCOUNT = 0.5


def _log(p: float) -> str:
    return f"{math.log10(p):.5f}" if p > 0 else "-99"


def arpa(sentences: list[str], order: int = 3) -> str:
    """An ARPA back-off model of `sentences` (lower-case, words separated by spaces)."""
    counts: list[Counter] = [Counter() for _ in range(order + 1)]
    for sentence in sentences:
        words = [START, *sentence.split(), END]
        for n in range(1, order + 1):
            for i in range(len(words) - n + 1):
                counts[n][tuple(words[i : i + n])] += 1
    total = sum(c for (w,), c in counts[1].items() if w != START)
    probs: list[dict[tuple, float]] = [{} for _ in range(order + 1)]
    probs[1] = {g: (c / total if g != (START,) else 0.0) for g, c in counts[1].items()}
    backoff: list[dict[tuple, float]] = [{} for _ in range(order + 1)]
    for n in range(2, order + 1):
        history_total: Counter = Counter()
        followers: defaultdict[tuple, int] = defaultdict(int)
        for gram, c in counts[n].items():
            history_total[gram[:-1]] += c
            followers[gram[:-1]] += 1
        for gram, c in counts[n].items():
            probs[n][gram] = (c - DISCOUNT) / history_total[gram[:-1]]
        # What the discount frees goes to the lower order, spread over the words not seen here.
        seen: defaultdict[tuple, float] = defaultdict(float)
        for gram in counts[n]:
            seen[gram[:-1]] += _lower(probs, backoff, gram[1:])
        for history, c in history_total.items():
            freed = DISCOUNT * followers[history] / c
            rest = max(1e-9, 1.0 - seen[history])
            backoff[n - 1][history] = freed / rest
    lines = ["\\data\\", *(f"ngram {n}={len(counts[n])}" for n in range(1, order + 1)), ""]
    for n in range(1, order + 1):
        lines.append(f"\\{n}-grams:")
        for gram in sorted(counts[n]):
            weight = backoff[n].get(gram) if n < order else None
            tail = f"\t{_log(weight)}" if weight is not None else ("\t0.0000" if n < order else "")
            lines.append(f"{_log(probs[n][gram])}\t{' '.join(gram)}{tail}")
        lines.append("")
    lines.append("\\end\\")
    return "\n".join(lines) + "\n"


def _lower(probs: list[dict], backoff: list[dict], gram: tuple) -> float:
    """P(last word | shorter history), backing off as the model will."""
    if len(gram) == 1:
        return probs[1].get(gram, 0.0)
    if gram in probs[len(gram)]:
        return probs[len(gram)][gram]
    return backoff[len(gram) - 1].get(gram[:-1], 1.0) * _lower(probs, backoff, gram[1:])
