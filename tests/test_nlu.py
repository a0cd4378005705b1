"""Normalisation, entity extraction with recogniser slips, and the 'not sure' rules."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from assistant.core import Query, languages_with_data
from assistant.nlu.normalize import Normalizer


def test_normalizer_cleans_what_a_recogniser_delivers() -> None:
    normalize = Normalizer(fillers=["öh", "ehm"], names=["Kompis"])
    assert normalize("Kompis, öh, VAD är klockan?!") == "vad är klockan"
    assert normalize("vad vad är är klockan") == "vad är klockan"
    assert normalize("What’s for lunch?") == "what's for lunch"
    assert normalize("kompiss vad blir det för mat") == "vad blir det för mat"
    # The name alone is a greeting of sorts, not nothing.
    assert normalize("Kompis!") == "kompis"
    assert normalize("hej kompis") == "hej kompis"


def test_days_meals_and_garments_come_out_canonical(assistant) -> None:
    parse = assistant.parse("vad blir det för mellanmål på fredag", "sv")
    found = {(e.entity, e.value) for e in parse.entities}
    assert found >= {("meal", "snack"), ("day", "friday")}
    parse = assistant.parse("do I need my mittens and wellies tomorrow", "en")
    found = {(e.entity, e.value) for e in parse.entities}
    assert found >= {("garment", "mittens"), ("garment", "rubber_boots"), ("day", "tomorrow")}


def test_entities_survive_recogniser_slips(assistant) -> None:
    # Misheard or misspelt forms that are not in the data, within a letter or two.
    parse = assistant.parse("vad äter vi på fredagg", "sv")
    assert ("day", "friday") in {(e.entity, e.value) for e in parse.entities}
    parse = assistant.parse("behöver jag vanntar", "sv")
    assert ("garment", "mittens") in {(e.entity, e.value) for e in parse.entities}
    parse = assistant.parse("what's for lunch on wensday", "en")
    assert ("day", "wednesday") in {(e.entity, e.value) for e in parse.entities}


def test_short_words_are_not_fuzzily_mistaken(assistant) -> None:
    parse = assistant.parse("that is what i said", "en")
    assert not any(e.entity == "garment" for e in parse.entities)


def test_unsure_answers_are_out_of_scope(assistant) -> None:
    model = assistant.nlu.models["sv"]
    parse = model.parse("blubb plopp fnatt")
    assert parse.intent == "out_of_scope"
    assert model.parse("").intent == "out_of_scope"
    ranking = model.parse("vad är klockan").ranking
    assert ranking[0][0] == "time" and abs(sum(p for _, p in ranking) - 1) < 1e-6


def test_parse_json_shape(assistant) -> None:
    result = assistant.parse("vad är klockan", "sv").to_json()
    assert set(result) == {"text", "lang", "intent", "entities"}
    assert set(result["intent"]) == {"name", "confidence"}


def test_scoring_agrees_with_sklearn(assistant) -> None:
    """The recogniser scores with its own analysers; scikit-learn's pipeline is the reference."""
    from assistant.nlu.recognizer import make_classifier, make_features

    model = assistant.nlu.models["sv"]
    recognizer = model.recognizer
    texts = [model.normalize(e.text) for e in model.data.examples]
    features = make_features().fit(texts)
    svm = make_classifier().fit(features.transform(texts), [e.intent for e in model.data.examples])
    for text in ("vad blir det för mat imorgon", "hej", "xyzzy", "kvart över nio regnar", "å ä ö",
                 "i", "mellanmål mellanmål", "what's  up"):
        columns, values = recognizer.vectorize(text)
        reference = features.transform([text]).toarray().ravel()
        mine = np.zeros_like(reference)
        mine[columns] = values
        assert np.allclose(mine, reference)
        expected = svm.decision_function(features.transform([text]))[0]
        assert np.allclose(recognizer.scores(text), expected, atol=1e-4)


def test_a_trained_model_needs_no_sklearn(assistant) -> None:
    """A model from the cache is plain data: loading and using it imports neither sklearn nor scipy."""
    import pickle
    import subprocess
    import sys

    blob = pickle.dumps(assistant.nlu.models["en"])
    script = ("import pickle, sys; m = pickle.loads(sys.stdin.buffer.read()); "
              "print(m.parse('what is for lunch').intent, "
              "any(n.split('.')[0] in ('sklearn', 'scipy') for n in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], input=blob, capture_output=True, check=True)
    assert done.stdout.decode().split() == ["menu", "False"]


SWEDISH = [("vad blir det för mat idag", "menu"), ("vad är klockan", "time"),
           ("behöver jag mössa idag", "clothing"), ("vilken dag är det idag", "date")]


@pytest.mark.parametrize("lang", [lang for lang in languages_with_data() if lang != "sv"])
def test_a_question_in_swedish_is_understood_and_answered_in_the_chosen_language(assistant, lang) -> None:
    """A child answers in Swedish to another language's flag (the preschool's language is sv)."""
    for text, intent in SWEDISH:
        reply = assistant.handle(Query(text, lang, f"swedish-{lang}", dt.datetime(2026, 2, 3, 9, 15)))
        assert reply.intent == intent, f"{lang}: {text!r} -> {reply.intent}"
        assert reply.lang == lang
        swedish = assistant.handle(Query(text, "sv", f"swedish-sv-{lang}", dt.datetime(2026, 2, 3, 9, 15)))
        assert reply.text != swedish.text, f"{lang}: answered in Swedish: {reply.text!r}"
