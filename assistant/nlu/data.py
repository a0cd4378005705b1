"""Load Rasa NLU 3.1 YAML files (plus our `normalize:` and `speech:` keys) for one language."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import AssistantError
from assistant.yamlfile import YamlDocument, load_yaml

# `[text](entity)`, `[text](entity:value)` and `[text]{"entity": ..., "value": ...}`, as Rasa reads them.
ANNOTATION = re.compile(
    r"\[(?P<text>[^\]\[]+)\]"
    r"(?:\((?P<entity>[^:)\s]+)(?::(?P<value>[^)]+))?\)|(?P<json>\{[^}]*\}))"
)
TOP_LEVEL_KEYS = {"version", "nlu", "responses", "normalize", "words"}


@dataclass
class EntitySpan:
    """An entity annotated in a training example."""

    entity: str
    """The entity type, e.g. `day`."""
    value: str
    """The canonical value, e.g. `tomorrow`."""
    text: str
    """The words of the example that name it, e.g. `imorgon`."""
    start: int
    """Character offset of `text` in the example's plain text."""
    end: int
    """Character offset just after `text`."""


@dataclass
class Example:
    """One training sentence."""

    text: str
    """The sentence without annotation markup."""
    intent: str
    """The intent it is an example of."""
    entities: list[EntitySpan]
    """The entities annotated in it."""
    source: str
    """`file:line`, for error messages and evaluation reports."""


@dataclass
class Variant:
    """One way of saying a response."""

    text: str
    """What is shown, with `{placeholders}`."""
    speech: str | None = None
    """What is spoken, when it differs from the text."""
    forms: dict[str, str] = field(default_factory=dict)
    """Other grammatical forms of a word put into a sentence (`{hour:gen}` picks `gen`), for
    languages whose words change with their place in a sentence."""


@dataclass
class LanguageData:
    """Everything the files of one language folder say, merged."""

    lang: str
    """The language code, e.g. `sv`."""
    examples: list[Example] = field(default_factory=list)
    """All training examples of all intents."""
    synonyms: dict[str, str] = field(default_factory=dict)
    """Spoken form → canonical value."""
    lookups: dict[str, list[str]] = field(default_factory=dict)
    """Entity (or list) name → texts that are that entity."""
    regexes: dict[str, list[str]] = field(default_factory=dict)
    """Name → regular expressions; named after an entity (extraction) or an intent (safety)."""
    responses: dict[str, list[Variant]] = field(default_factory=dict)
    """Response key → its variants."""
    fillers: list[str] = field(default_factory=list)
    """Words that carry no meaning and are dropped before parsing."""
    files: list[Path] = field(default_factory=list)
    """The files that were read."""
    response_files: dict[str, Path] = field(default_factory=dict)
    """Response key → the file that defines it."""
    entity_of_value: dict[str, str] = field(default_factory=dict)
    """Canonical value → its entity type, learnt from annotations and lookups."""
    synonym_sources: dict[str, tuple[Path, int | None]] = field(default_factory=dict)
    """Canonical value → where its `synonym:` item is, for error messages."""
    words: dict[str, dict[str, str]] = field(default_factory=dict)
    """Names a translator gives to things a skill shows (`words: {food: {köttbullar: meatballs}}`):
    group → key → the name in this language."""

    @property
    def intents(self) -> list[str]:
        """The intents that have examples, in a stable order."""
        return sorted({example.intent for example in self.examples})


def parse_example(raw: str, intent: str, source: str, doc: YamlDocument, line: int) -> Example:
    """Turn one annotated example line into plain text and entity spans."""
    text, spans, pos = [], [], 0
    plain_len = 0
    for match in ANNOTATION.finditer(raw):
        before = raw[pos : match.start()]
        text.append(before)
        plain_len += len(before)
        words = match["text"]
        if match["json"]:
            try:
                spec = json.loads(match["json"])
            except json.JSONDecodeError as exc:
                raise doc.error(f"bad entity JSON {match['json']!r}: {exc.msg}", line=line) from None
            if not isinstance(spec, dict) or "entity" not in spec:
                raise doc.error(f"entity JSON needs an \"entity\" key: {match['json']}", line=line)
            entity, value = str(spec["entity"]), str(spec.get("value", words))
        else:
            entity, value = match["entity"], match["value"] or words
        spans.append(EntitySpan(entity, value.strip(), words, plain_len, plain_len + len(words)))
        text.append(words)
        plain_len += len(words)
        pos = match.end()
    text.append(raw[pos:])
    plain = "".join(text)
    # Square brackets left over mean an annotation the pattern could not read.
    if "[" in plain or "]" in plain:
        raise doc.error(f"malformed entity annotation in {raw!r}", line=line)
    return Example(plain.strip(), intent, spans, source)


def _example_lines(doc: YamlDocument, keys: tuple, value: object) -> list[tuple[str, int]]:
    """The `- ` lines of an `examples:` block (or list), each with its file line."""
    base = doc.line_of(*keys) or 0
    if isinstance(value, list):
        out = []
        for i, item in enumerate(value):
            text = item.get("text") if isinstance(item, dict) else item
            if not isinstance(text, str):
                raise doc.error("an example must be text", *keys, i)
            out.append((text, doc.line_of(*keys, i) or base))
        return out
    if not isinstance(value, str):
        raise doc.error("`examples` must be a block of `- ` lines", *keys)
    out = []
    for offset, line in enumerate(value.splitlines()):
        stripped = line.strip()
        if not stripped:
            continue
        # A block scalar's text starts on the line after the `examples: |` key.
        line_no = base + 1 + offset
        if not stripped.startswith("- "):
            raise doc.error(f"an example must start with '- ': {stripped!r}", line=line_no)
        out.append((stripped[2:].strip(), line_no))
    return out


def load_file(path: Path, into: LanguageData) -> None:
    """Add the content of one file to `into`."""
    doc = load_yaml(path)
    data = doc.data
    if data is None:
        return
    if not isinstance(data, dict):
        raise doc.error("expected keys like `version:`, `nlu:` and `responses:`")
    unknown = set(data) - TOP_LEVEL_KEYS
    if unknown:
        key = sorted(map(str, unknown))[0]
        raise doc.error(f"unknown key `{key}` (expected one of {sorted(TOP_LEVEL_KEYS)})", key)
    into.files.append(path)
    _load_nlu(doc, data.get("nlu") or [], into)
    _load_responses(doc, data.get("responses") or {}, into)
    normalize = data.get("normalize") or {}
    if not isinstance(normalize, dict):
        raise doc.error("`normalize` must be a mapping", "normalize")
    fillers = normalize.get("fillers") or []
    if not isinstance(fillers, list) or not all(isinstance(f, str) for f in fillers):
        raise doc.error("`normalize.fillers` must be a list of words", "normalize", "fillers")
    into.fillers.extend(fillers)
    _load_words(doc, data.get("words") or {}, into)


def _load_words(doc: YamlDocument, words: object, into: LanguageData) -> None:
    if not isinstance(words, dict):
        raise doc.error("`words` must map a group (e.g. `food`) to `key: name` pairs", "words")
    for group, names in words.items():
        if not isinstance(names, dict):
            raise doc.error(f"`words.{group}` must be `key: name` pairs", "words", group)
        have = into.words.setdefault(str(group), {})
        for key, name in names.items():
            if name == "":
                continue  # not translated yet (`assistant language add` writes these)
            if not isinstance(name, str) or not name.strip():
                hint = " (write it in quotes: YAML reads on, off, yes, no and numbers as values)" \
                    if name is not None else ""
                raise doc.error(f"`words.{group}.{key}` needs a name{hint}", "words", group, key)
            if str(key) in have:
                raise doc.error(f"`words.{group}.{key}` is given twice", "words", group, key)
            have[str(key)] = name.strip()


def _load_nlu(doc: YamlDocument, items: object, into: LanguageData) -> None:
    if not isinstance(items, list):
        raise doc.error("`nlu` must be a list of `- intent:` / `- synonym:` / ... items", "nlu")
    seen: dict[tuple[str, str], int] = {}
    for i, item in enumerate(items):
        keys = ("nlu", i)
        if not isinstance(item, dict):
            raise doc.error("each `nlu` item must be a mapping", *keys)
        kinds = [k for k in ("intent", "synonym", "lookup", "regex") if k in item]
        if len(kinds) != 1:
            raise doc.error("each `nlu` item needs exactly one of intent/synonym/lookup/regex", *keys)
        kind = kinds[0]
        name = item[kind]
        if not isinstance(name, str) or not name.strip():
            raise doc.error(f"`{kind}` needs a name", *keys, kind)
        if "examples" not in item:
            raise doc.error(f"{kind} `{name}` has no `examples`", *keys)
        here = doc.line_of(*keys) or 0
        if kind == "intent" and (kind, name) in seen:
            raise doc.error(f"{kind} `{name}` is given twice in this file (first on line "
                            f"{seen[(kind, name)]}): put its examples together", *keys)
        seen[(kind, name)] = here
        lines = _example_lines(doc, (*keys, "examples"), item["examples"])
        if kind == "intent":
            for raw, line in lines:
                source = f"{doc.path}:{line}"
                into.examples.append(parse_example(raw, name, source, doc, line))
        elif kind == "synonym":
            into.synonym_sources.setdefault(str(name), (doc.path, doc.line_of(*keys)))
            for raw, _ in lines:
                into.synonyms[raw] = str(name)
        elif kind == "lookup":
            into.lookups.setdefault(name, []).extend(raw for raw, _ in lines)
        else:
            for raw, line in lines:
                try:
                    re.compile(raw)
                except re.error as exc:
                    raise doc.error(f"bad regular expression {raw!r}: {exc}", line=line) from None
            into.regexes.setdefault(name, []).extend(raw for raw, _ in lines)


def _load_responses(doc: YamlDocument, responses: object, into: LanguageData) -> None:
    if not isinstance(responses, dict):
        raise doc.error("`responses` must map a key to a list of `- text:` variants", "responses")
    for key, variants in responses.items():
        keys = ("responses", key)
        if key in into.responses:
            other = into.response_files[key]
            raise doc.error(f"response `{key}` is already defined in {other}", *keys)
        if not isinstance(variants, list) or not variants:
            raise doc.error(f"response `{key}` must be a list of `- text:` variants", *keys)
        parsed = []
        for i, variant in enumerate(variants):
            if not isinstance(variant, dict) or not isinstance(variant.get("text"), str):
                raise doc.error(f"response `{key}` variant {i + 1} needs a `text:`", *keys, i)
            speech = variant.get("speech")
            if speech is not None and not isinstance(speech, str):
                raise doc.error(f"response `{key}`: `speech` must be text", *keys, i, "speech")
            forms = variant.get("forms") or {}
            if not isinstance(forms, dict) or not all(isinstance(v, str) for v in forms.values()):
                raise doc.error(f"response `{key}`: `forms` must map a form's name to its text",
                                *keys, i, "forms")
            if not variant["text"].strip():
                continue  # not translated yet (`assistant language add` writes these)
            parsed.append(Variant(variant["text"], speech, {str(k): v for k, v in forms.items()}))
        if parsed:
            into.responses[key] = parsed
            into.response_files[key] = doc.path


ADMIN_FILE = "admin.yml"
"""The teachers' admin texts in a language folder: read by the admin, skipped here."""


def load_language(lang: str, folders: list[Path]) -> LanguageData:
    """Read `<folder>/<lang>/*.yml` for every folder, and check what only the whole can tell."""
    data = LanguageData(lang)
    for folder in folders:
        for path in sorted((folder / lang).glob("*.yml")):
            if path.name == ADMIN_FILE:
                continue   # the teachers' admin texts (assistant.web.wording), not children's words
            if path not in data.files:
                load_file(path, data)
    _resolve_entity_types(data)
    return data


def _resolve_entity_types(data: LanguageData) -> None:
    votes: dict[str, Counter] = {}
    for example in data.examples:
        for span in example.entities:
            votes.setdefault(span.value, Counter())[span.entity] += 1
    intents = set(data.intents)
    for entity, texts in data.lookups.items():
        if entity in intents:
            continue  # cue phrases of an intent (`lookup: distress`), not an entity
        for text in texts:
            value = data.synonyms.get(text, text)
            votes.setdefault(value, Counter())[entity] += 1
    data.entity_of_value = {value: c.most_common(1)[0][0] for value, c in votes.items()}
    for text, value in data.synonyms.items():
        if value not in data.entity_of_value:
            path, line = data.synonym_sources[value]
            raise AssistantError(
                f"synonym `{value}` ({text!r}) belongs to no entity: annotate an example "
                f"with `(entity:{value})` or list it in a `lookup:`",
                path,
                line,
            )
