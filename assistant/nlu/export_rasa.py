"""Write one language's data as a Rasa 3.x project that `rasa train nlu` accepts unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from assistant.nlu.data import Example, LanguageData

RASA_VERSION = "3.1"


def pipeline(lang: str) -> list[dict]:
    """A pipeline without pretrained models (none can be downloaded offline) for any language.

    Character n-grams stand in for a stemmer: they cope with Swedish compounds and inflection
    ("mössan", "vintermössa") as well as with English, so one pipeline suits both.
    """
    return [
        {"name": "WhitespaceTokenizer"},
        {"name": "RegexFeaturizer", "use_lookup_tables": True, "use_regexes": True},
        {"name": "LexicalSyntacticFeaturizer"},
        {"name": "CountVectorsFeaturizer"},
        {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 2, "max_ngram": 5},
        {"name": "DIETClassifier", "epochs": 100, "constrain_similarities": True},
        {"name": "EntitySynonymMapper"},
        {"name": "FallbackClassifier", "threshold": 0.4, "ambiguity_threshold": 0.1},
    ]


def annotate(example: Example) -> str:
    """The example with its entities written in Rasa's `[text]{"entity", "value"}` form."""
    out, pos = [], 0
    for span in sorted(example.entities, key=lambda s: s.start):
        out.append(example.text[pos : span.start])
        spec = {"entity": span.entity, "value": span.value}
        out.append(f"[{span.text}]{json.dumps(spec, ensure_ascii=False)}")
        pos = span.end
    out.append(example.text[pos:])
    return "".join(out)


class _Block(str):
    """A string YAML writes as a `|` block."""


def _block(dumper: yaml.Dumper, value: _Block) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Block, _block)


def _lines(items: list[str]) -> _Block:
    return _Block("".join(f"- {item}\n" for item in items))


def export(data: LanguageData, target: Path) -> list[Path]:
    """Write config.yml, domain.yml and data/nlu.yml under `target`; return the files."""
    target.mkdir(parents=True, exist_ok=True)
    (target / "data").mkdir(exist_ok=True)
    nlu: list[dict] = []
    for intent in data.intents:
        examples = [annotate(e) for e in data.examples if e.intent == intent]
        nlu.append({"intent": intent, "examples": _lines(list(dict.fromkeys(examples)))})
    by_value: dict[str, list[str]] = {}
    for text, value in data.synonyms.items():
        if text != value:
            by_value.setdefault(value, []).append(text)
    nlu += [{"synonym": v, "examples": _lines(texts)} for v, texts in sorted(by_value.items())]
    nlu += [{"lookup": n, "examples": _lines(t)} for n, t in sorted(data.lookups.items())]
    nlu += [{"regex": n, "examples": _lines(p)} for n, p in sorted(data.regexes.items())]
    entities = sorted({s.entity for e in data.examples for s in e.entities}
                      | set(data.entity_of_value.values()))
    domain = {
        "version": RASA_VERSION,
        "intents": data.intents,
        "entities": entities,
        "responses": {
            f"utter_{key}": [{"text": v.text} for v in variants]
            for key, variants in sorted(data.responses.items())
        },
        "session_config": {"session_expiration_time": 3, "carry_over_slots_to_new_session": False},
    }
    config = {
        "recipe": "default.v1",
        "assistant_id": f"preschool-assistant-{data.lang}",
        "language": data.lang,
        "pipeline": pipeline(data.lang),
        "policies": [],
    }
    files = {
        target / "config.yml": config,
        target / "domain.yml": domain,
        target / "data" / "nlu.yml": {"version": RASA_VERSION, "nlu": nlu},
    }
    for path, content in files.items():
        text = yaml.dump(content, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
        path.write_text(text, encoding="utf-8")
    return list(files)
