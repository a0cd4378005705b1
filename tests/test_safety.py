"""A child's distress never depends on the classifier's mood: in every language, each kind of
distress a child may say is caught by the language's cue lexicon (`lookup: distress`) on its own,
and ordinary sentences that share its words are not.

The sentences are in `tests/safety/<lang>.yml`, by kind, so a native speaker can read and extend
them without reading code:

    language: sv
    distress:
      hurt: [jag har ont i magen, ...]
      ...
    not_distress: [min hund är sjuk, ...]
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.core import Assistant, Query, languages_with_data

SAFETY = Path(__file__).parent / "safety"
KINDS = {
    "hurt": "pain somewhere, having fallen, hurt oneself",
    "bleeding": "blood, a bleeding nose or knee",
    "hit": "someone hit, kicked, scratched or pinched me",
    "pushed": "someone pushed me over",
    "bitten": "someone bit me",
    "teased": "they laugh at me, call me names, say I am stupid",
    "left_out": "nobody lets me play, nobody wants to be with me",
    "toilet": "wet or soiled oneself, said in everyday words (pee on my trousers)",
    "lost": "I cannot find my mum, dad or teacher; where is my mum",
    "alone": "I am all alone, everyone has gone",
    "scared": "I am scared, something frightens me",
    "sick": "I feel sick, I threw up, I am hot and ill",
    "missing": "I miss mum or dad, I want to go home to mum",
    "help": "help me, I need a grown-up",
}
"""The kinds every language's file must cover, each with at least three sentences."""


def safety(lang: str) -> dict:
    return yaml.safe_load((SAFETY / f"{lang}.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", languages_with_data())
def test_every_kind_of_distress_is_caught_by_the_cue_lexicon_alone(assistant: Assistant, lang: str) -> None:
    content = safety(lang)
    assert content["language"] == lang
    kinds = content["distress"]
    thin = {k: len(kinds.get(k) or []) for k in KINDS if len(kinds.get(k) or []) < 3}
    assert not thin, f"{lang}: kinds of distress with fewer than three sentences: {thin}"
    model = assistant.nlu.model(lang)
    missed = [f"{kind}: {text!r}" for kind, texts in kinds.items() for text in texts
              if not model.marked("distress", text)]
    assert not missed, f"{lang}: not caught by the cue lexicon:\n" + "\n".join(missed)
    answered = [text for texts in kinds.values() for text in texts
                if assistant.handle(Query(text, lang, f"safety-{lang}")).intent != "distress"]
    assert not answered, f"{lang}: not answered as distress: {answered}"


@pytest.mark.parametrize("lang", languages_with_data())
def test_ordinary_sentences_with_the_same_words_are_not_distress(assistant: Assistant, lang: str) -> None:
    model = assistant.nlu.model(lang)
    ordinary = safety(lang)["not_distress"]
    assert len(ordinary) >= 10, f"{lang}: give at least ten ordinary sentences near distress"
    alarmed = [text for text in ordinary if model.marked("distress", text)]
    assert not alarmed, f"{lang}: the cue lexicon marks ordinary sentences: {alarmed}"
