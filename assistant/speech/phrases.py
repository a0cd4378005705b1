"""What the recognisers listen for, made from our own language data (nlu_data/<lang>/*.yml)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from assistant.nlu import LanguageData
from assistant.nlu.normalize import Normalizer

_END = ""


def phrases(data: LanguageData) -> list[str]:
    """Every example sentence of the language, lower-case and without punctuation, once each."""
    return sorted({text for text in (Normalizer.basic(e.text) for e in data.examples) if text})


def jsgf(sentences: Iterable[str], name: str = "assistant") -> str:
    """A JSGF grammar accepting exactly `sentences`.

    The sentences are folded into a prefix tree ("what's for lunch", "what's for snack" share
    "what's for"): pocketsphinx then follows a few branches at a time instead of every sentence,
    which keeps recognition fast with a thousand sentences.
    """
    tree: dict = {}
    for sentence in sentences:
        node = tree
        for word in sentence.split():
            node = node.setdefault(word, {})
        node[_END] = {}
    if not tree:
        raise ValueError("a grammar needs at least one sentence")
    return f"#JSGF V1.0;\ngrammar {name};\npublic <question> = {_expression(tree)};\n"


def _expression(node: dict) -> str:
    alternatives = []
    for word, child in sorted(node.items()):
        if word == _END:
            continue
        if not any(key != _END for key in child):
            alternatives.append(word)
        elif _END in child:
            alternatives.append(f"{word} [ {_expression(child)} ]")
        else:
            alternatives.append(f"{word} {_expression(child)}")
    return alternatives[0] if len(alternatives) == 1 else "( " + " | ".join(alternatives) + " )"


def prompt(data: LanguageData, names: list[str], limit: int = 600) -> str:
    """Typical questions of each intent, to bias an open-vocabulary recogniser (Whisper).

    Whisper reads at most 224 prompt tokens and copies the prompt's words and style. So each
    intent gives its most typical questions first: three words or more (one-word examples such as
    "ow" would tempt it to hear them everywhere), made of the words its examples use most (the
    plain "what's for lunch today" rather than a child's "wots for lunsh").
    """
    by_intent: dict[str, list[str]] = {}
    for example in data.examples:
        if example.intent != "out_of_scope":
            by_intent.setdefault(example.intent, []).append(Normalizer.basic(example.text))
    queues = []
    for _, texts in sorted(by_intent.items()):
        counts = Counter(word for text in texts for word in text.split())
        candidates = {t for t in texts if len(t.split()) >= 3}
        queues.append(sorted(candidates, key=lambda t: (-_typicality(t, counts), t)))
    chosen: list[str] = list(names)
    size = sum(len(n) + 2 for n in names)
    for depth in range(max((len(q) for q in queues), default=0)):
        for queue in queues:
            if depth < len(queue) and size + len(queue[depth]) + 2 <= limit:
                chosen.append(queue[depth])
                size += len(queue[depth]) + 2
    return ", ".join(chosen)


def _typicality(text: str, counts: Counter) -> float:
    words = text.split()
    return sum(counts[w] for w in words) / len(words)
