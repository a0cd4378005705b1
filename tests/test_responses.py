"""Responses: every language has every key; missing ones fall back; variants do not repeat."""

from __future__ import annotations

import random

import pytest

from assistant.errors import AssistantError
from assistant.nlu.data import Variant
from assistant.responses import Responses


def test_every_language_has_every_response_key(assistant) -> None:
    default = assistant.config.default_language
    missing = {lang: assistant.responses.missing(lang) for lang in assistant.nlu.languages
               if lang != default}
    missing = {lang: keys for lang, keys in missing.items() if keys}
    # Missing keys would still be answered in the default language; list them all for translators.
    assert not missing, "\n".join(f"{lang} lacks {', '.join(keys)}" for lang, keys in missing.items())
    # Only a key's forms by plural category (`degrees_few`) may be a language's own.
    own = ("_zero", "_two", "_few", "_many")
    extra = {lang: sorted(k for k in set(assistant.languages[lang].responses) - set(
        assistant.languages[default].responses) if not k.endswith(own)) for lang in assistant.nlu.languages}
    assert not any(extra.values()), f"keys the default language lacks: {extra}"


def test_keys_the_engine_and_skills_use_exist() -> None:
    from assistant.core import data_folders
    from assistant.nlu.data import load_language

    keys = set(load_language("sv", data_folders()).responses)
    needed = {"not_set_up", "skill_error", "greet", "goodbye", "thanks", "about", "help",
              "repeat_nothing", "distress", "out_of_scope", "dont_know", "time", "date_today",
              "date_tomorrow", "date_yesterday", "date_day", "holiday_today", "holiday_other",
              "suggest_time", "suggest_date"}
    needed |= {f"clock_{m:02d}" for m in range(0, 60, 5)} | {f"hour_{h}" for h in range(1, 13)}
    assert needed <= keys, f"missing: {sorted(needed - keys)}"


def test_missing_key_falls_back_to_the_default_language() -> None:
    responses = Responses({"sv": {"a": [Variant("Hej")]}, "en": {}}, "sv")
    assert responses.render("a", {}, "en").text == "Hej"
    assert responses.missing("en") == ["a"]
    with pytest.raises(AssistantError):
        responses.render("nothing", {}, "en")


def test_spoken_form_and_placeholders() -> None:
    responses = Responses({"sv": {"a": [Variant("Klockan är {t}.", "Nu är klockan {t}.")]}}, "sv")
    rendered = responses.render("a", {"t": "nio"}, "sv")
    assert (rendered.text, rendered.speech) == ("Klockan är nio.", "Nu är klockan nio.")
    with pytest.raises(AssistantError, match=r"\{t\}"):
        responses.render("a", {}, "sv")


def test_no_variant_twice_in_a_row_and_all_get_used() -> None:
    variants = [Variant(str(i)) for i in range(3)]
    responses = Responses({"sv": {"a": variants}}, "sv", random.Random(1))
    said = [responses.render("a", {}, "sv").text for _ in range(60)]
    assert all(x != y for x, y in zip(said, said[1:], strict=False))
    assert set(said) == {"0", "1", "2"}
    single = Responses({"sv": {"b": [Variant("bara en")]}}, "sv")
    assert single.render("b", {}, "sv").text == single.render("b", {}, "sv").text == "Bara en"
