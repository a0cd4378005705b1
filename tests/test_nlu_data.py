"""The language data: canonical names, enough examples, and a loader that says where a file is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core import data_folders, languages_with_data
from assistant.errors import AssistantError
from assistant.nlu.data import load_language
from assistant.responses import placeholders

FOLDERS = data_folders()
LANGUAGES = languages_with_data()

# DESIGN §4: the same in every language.
INTENTS = {"menu", "weather", "clothing", "time", "date", "greet", "goodbye", "thanks", "about",
           "help", "repeat", "distress", "out_of_scope", "followup"}
ENTITY_VALUES = {
    "day": {"today", "tomorrow", "yesterday", "monday", "tuesday", "wednesday", "thursday",
            "friday", "saturday", "sunday"},
    "meal": {"breakfast", "lunch", "snack"},
    "garment": {"beanie", "cap", "sun_hat", "mittens", "rain_gloves", "rain_pants", "rain_coat",
                "overall", "overtrousers", "jacket", "rubber_boots", "winter_boots", "shoes",
                "sweater", "neckwear", "shorts", "sunscreen"},
    "condition": {"rain", "snow", "sun", "wind", "cold", "warm"},
    "part_of_day": {"morning", "afternoon"},
}


@pytest.fixture(scope="module", params=LANGUAGES)
def data(request):
    return load_language(request.param, FOLDERS)


def test_intents_are_canonical_with_enough_examples(data) -> None:
    counts = {i: sum(e.intent == i for e in data.examples) for i in data.intents}
    assert set(counts) == INTENTS, f"{data.lang}: intents differ from DESIGN §4: {set(counts) ^ INTENTS}"
    thin = {i: n for i, n in counts.items() if n < 30}
    assert not thin, f"{data.lang}: fewer than 30 examples: {thin}"
    assert counts["out_of_scope"] >= 100, f"{data.lang}: too few out-of-scope examples"


def test_entity_values_are_canonical(data) -> None:
    wrong = sorted({f"{s.entity}:{s.value} ({e.source})" for e in data.examples for s in e.entities
                    if s.value not in ENTITY_VALUES.get(s.entity, set())})
    assert not wrong, f"{data.lang}: non-canonical entities:\n" + "\n".join(wrong[:20])
    for value, entity in data.entity_of_value.items():
        assert value in ENTITY_VALUES.get(entity, ()), f"{data.lang}: synonym {value} of {entity}"


def test_every_entity_value_has_spoken_forms(data) -> None:
    spoken = set(data.synonyms.values()) | {s.value for e in data.examples for s in e.entities}
    missing = {f"{entity}:{v}" for entity, values in ENTITY_VALUES.items() for v in values} - {
        f"{data.entity_of_value.get(v)}:{v}" for v in spoken}
    assert not missing, f"{data.lang}: no words for {sorted(missing)}"


def test_no_sentence_is_taught_as_two_intents(data) -> None:
    seen: dict[str, str] = {}
    clashes = []
    for example in data.examples:
        key = example.text.casefold().strip(" ?!.")
        if seen.setdefault(key, example.intent) != example.intent:
            clashes.append(f"{example.source}: {example.text!r} is {seen[key]} and {example.intent}")
    assert not clashes, "\n".join(clashes)


class AnyForm(str):
    """A word put into a template that has every form asked for (`{hour:gen}`): whether the forms
    exist is the business of the words' own keys, not of the template's syntax."""

    def __format__(self, spec: str) -> str:
        return f"{self}:{spec}" if spec else str(self)


def test_response_templates_are_well_formed(data) -> None:
    broken = []
    for key, variants in data.responses.items():
        for variant in variants:
            for template in filter(None, (variant.text, variant.speech, *variant.forms.values())):
                try:
                    template.format_map({name: AnyForm("x") for name in placeholders(template)})
                except (ValueError, IndexError, KeyError) as exc:
                    broken.append(f"{data.response_files[key]}: {key}: {template!r}: {exc}")
    assert not broken, "\n".join(broken)


# --- the loader's errors name the file and the line -------------------------------------------


def _write(tmp_path: Path, text: str, name: str = "menu.yml") -> Path:
    folder = tmp_path / "xx"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path) -> AssistantError:
    with pytest.raises(AssistantError) as info:
        load_language("xx", [tmp_path])
    return info.value


def test_annotations_in_all_three_forms(tmp_path: Path) -> None:
    _write(tmp_path, 'version: "3.1"\nnlu:\n- intent: menu\n  examples: |\n'
           '    - vad äter vi [imorgon](day:tomorrow)\n'
           '    - mat på [fredag](day)\n'
           '    - vad blir det till [mellis]{"entity": "meal", "value": "snack"} idag\n'
           '- synonym: tomorrow\n  examples: |\n    - imorrn\n'
           '- lookup: day\n  examples: |\n    - fredag\n'
           '- regex: day\n  examples: |\n    - \\bi övermorgon\\b\n')
    data = load_language("xx", [tmp_path])
    spans = [(s.text, s.entity, s.value) for e in data.examples for s in e.entities]
    assert spans == [("imorgon", "day", "tomorrow"), ("fredag", "day", "fredag"),
                     ("mellis", "meal", "snack")]
    assert data.examples[2].text == "vad blir det till mellis idag"
    assert data.synonyms == {"imorrn": "tomorrow"}
    assert data.lookups == {"day": ["fredag"]} and data.regexes == {"day": [r"\bi övermorgon\b"]}


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, 'version: "3.1"\nnlu:\n- intent: menu\n  examples: |\n    - mat\n'
                  '- intent: [unclosed\n')
    error = _error(tmp_path)
    assert error.file == str(path) and error.line in (6, 7)
    assert "invalid YAML" in str(error) and str(path) in str(error)


def test_malformed_annotation_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, 'version: "3.1"\nnlu:\n- intent: menu\n  examples: |\n'
                  '    - vad blir det för mat\n    - vad äter vi [imorgon(day:tomorrow)\n')
    error = _error(tmp_path)
    assert (error.file, error.line) == (str(path), 6)
    assert "annotation" in error.message


def test_example_without_dash_names_its_line(tmp_path: Path) -> None:
    _write(tmp_path, 'version: "3.1"\nnlu:\n- intent: menu\n  examples: |\n'
           '    - vad blir det för mat\n    vad äter vi\n')
    assert _error(tmp_path).line == 6


def test_unknown_key_and_missing_text_are_reported(tmp_path: Path) -> None:
    _write(tmp_path, 'version: "3.1"\nrespones:\n  greet: []\n')
    error = _error(tmp_path)
    assert error.line == 2 and "respones" in error.message
    _write(tmp_path, 'version: "3.1"\nresponses:\n  greet:\n  - txt: hej\n')
    error = _error(tmp_path)
    assert error.line == 4 and "text" in error.message


def test_bad_regex_and_orphan_synonym_are_reported(tmp_path: Path) -> None:
    _write(tmp_path, 'version: "3.1"\nnlu:\n- regex: day\n  examples: |\n    - (unclosed\n')
    assert _error(tmp_path).line == 5
    _write(tmp_path, 'version: "3.1"\nnlu:\n- synonym: snack\n  examples: |\n    - mellis\n')
    error = _error(tmp_path)
    assert error.line == 3 and "belongs to no entity" in error.message


def test_a_response_key_defined_twice_names_both_files(tmp_path: Path) -> None:
    first = _write(tmp_path, 'version: "3.1"\nresponses:\n  greet:\n  - text: hej\n', "a.yml")
    _write(tmp_path, 'version: "3.1"\nresponses:\n  greet:\n  - text: hallå\n', "b.yml")
    error = _error(tmp_path)
    assert error.file.endswith("b.yml") and str(first) in error.message and error.line == 3


def test_an_impossible_date_names_its_line(tmp_path: Path) -> None:
    from assistant.yamlfile import load_yaml

    path = tmp_path / "plan.yml"
    path.write_text("days:\n  ok: 2026-02-03\n  bad: 2026-02-30\n", encoding="utf-8")
    with pytest.raises(AssistantError) as info:
        load_yaml(path)
    assert info.value.line == 3 and "invalid value" in info.value.message
