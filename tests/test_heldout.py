"""The held-out sentences stay honest: none of them is in the training data, and each file is
well-formed, so `benchmarks/nlu.py` measures the recogniser on sentences it has never seen."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.core import data_folders, languages_with_data
from assistant.nlu.data import load_language
from assistant.nlu.normalize import Normalizer

HELDOUT = Path(__file__).parent.parent / "benchmarks" / "heldout"
FILES = sorted(HELDOUT.glob("*.yml"))


def language_of(path: Path) -> str:
    """`sv.yml` and `sv-b.yml` are both Swedish."""
    return path.stem.split("-")[0]


def test_every_language_has_a_heldout_set() -> None:
    assert set(languages_with_data()) <= {language_of(p) for p in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_heldout_sentence_is_training_data(path: Path) -> None:
    lang = language_of(path)
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert document["language"] == lang, f"{path.name} says it is {document['language']}"
    data = load_language(lang, data_folders())
    assert set(document["intents"]) <= set(data.intents), f"{path.name}: unknown intents"
    taught = {Normalizer.basic(e.text) for e in data.examples}
    overlap = sorted({text for items in document["intents"].values() for text in items
                      if Normalizer.basic(text) in taught})
    assert not overlap, (f"{len(overlap)} sentences of {path.name} are in the training data, so they"
                         " no longer measure anything unseen:\n" + "\n".join(overlap))
