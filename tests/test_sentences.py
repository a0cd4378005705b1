"""Per-language behaviour from data: tests/sentences/<lang>/<file>.yml, one test per file and language.

A failure reads `test_sentences[sv-calendar]`: the Swedish calendar file. Each sentence is checked
for its intent, the entities it must contain and, where given, the rendered answer. A sentence
listed in the language's `_known_gaps.yml` (under `sentences:`) may fail, and must: once it
passes, the list says to take it out (as Home Assistant's intents keep `_test_failures.yaml`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
import yaml

from assistant.core import Assistant, Query

SENTENCES = Path(__file__).parent / "sentences"
FILES = sorted(p for p in SENTENCES.glob("*/*.yml") if p.name != "_known_gaps.yml")


def known_gaps(lang: str) -> dict:
    """What a language is known to lack yet (`tests/sentences/<lang>/_known_gaps.yml`)."""
    path = SENTENCES / lang / "_known_gaps.yml"
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}
_conversations = itertools.count()


def _id(path: Path) -> str:
    return f"{path.parent.name}-{path.stem}"


def _check(assistant: Assistant, lang: str, text: str, expected: dict, now: dt.datetime,
           session: str) -> list[str]:
    reply = assistant.handle(Query(text, lang, session, now))
    problems = []
    if expected.get("intent") == "followup":
        # The dialogue's own intent: the recogniser must find it; the reply then depends on context.
        parsed = assistant.parse(text, lang)
        if parsed.intent != "followup":
            problems.append(f"{text!r}: parsed as {parsed.intent} ({parsed.confidence:.2f}), "
                            "expected followup")
    elif "intent" in expected and reply.intent != expected["intent"]:
        problems.append(f"{text!r}: intent {reply.intent} ({reply.confidence:.2f}), "
                        f"expected {expected['intent']}")
    found = {(e["entity"], e["value"]) for e in reply.entities}
    for entity, value in (expected.get("entities") or {}).items():
        if (entity, value) not in found:
            problems.append(f"{text!r}: entity {entity}={value} not found in {sorted(found)}")
    if "response" in expected:
        allowed = expected["response"]
        allowed = allowed if isinstance(allowed, list) else [allowed]
        if reply.text not in allowed:
            problems.append(f"{text!r}: answered {reply.text!r}, expected one of {allowed}")
    return problems


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_sentences(assistant: Assistant, path: Path) -> None:
    lang = path.parent.name
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert content["language"] == lang, f"{path}: `language:` must be {lang}"
    data_files = {f.name for f in assistant.languages[lang].files}
    assert path.name in data_files, (
        f"{path.name} tests a data file nlu_data/{lang}/{path.name} that no skill has")
    allowed = set(known_gaps(lang).get("sentences") or [])
    file_now = dt.datetime.fromisoformat(content.get("now", "2026-02-03T09:15"))
    problems: list[str] = []
    fixed: list[str] = []
    checked = 0
    for group in content["tests"]:
        now = dt.datetime.fromisoformat(group["now"]) if "now" in group else file_now
        if "conversation" in group:
            session = f"conversation-{next(_conversations)}"
            for step in group["conversation"]:
                problems += _check(assistant, lang, step["say"], step, now, session)
                checked += 1
            continue
        for text in group["sentences"]:
            session = f"sentence-{next(_conversations)}"
            found = _check(assistant, lang, text, group, now, session)
            if text in allowed:
                fixed += [] if found else [text]
            else:
                problems += found
            checked += 1
    assert checked, f"{path} has no sentences"
    assert not problems, f"{len(problems)} of {checked} sentences failed:\n" + "\n".join(problems)
    assert not fixed, f"these now pass: take them out of {lang}/_known_gaps.yml: {fixed}"
