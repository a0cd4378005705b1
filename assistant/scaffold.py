"""`assistant language add <code>`: the files of a new language, with every key to translate.

For each folder of language data (the engine's and every installed skill's), the files of a
language that exists (English by default) are written again for the new language: every intent
with no examples yet and the source's examples as comments above it, every response key with an
empty text and the source's text as a comment, every `words:` key with an empty name. Empty
texts and names count as not translated: the language loads, falls back where it must, and the
tests list what is left to do (tests/sentences/<code>/_known_gaps.yml lets it land partially).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import AssistantError
from assistant.nlu.data import ADMIN_FILE
from assistant.yamlfile import load_yaml

if TYPE_CHECKING:
    from assistant.core import Assistant

STATUS = """# {code}: status of this language's data

- Written by: (who, and how: by hand, machine translation, from which language)
- Reviewed by a native speaker: no
- Files: {files}

## Known gaps

- (what is missing or uncertain)

## For a reviewer

Read one file at a time; each line is either something a child says (`- ` under an intent) or
something the assistant answers (`text:` under a response). Check that:

- [ ] the examples sound like a four-year-old asking, with the words children really use;
- [ ] every answer is short, kind and correct, and a word put into it ({{dishes}}, {{garment}},
      {{weekday}}) keeps the right form there;
- [ ] the clock answers say the time the way a child hears it;
- [ ] the distress answers send the child to a grown-up;
- [ ] the names of foods and clothes are the everyday ones.

Then change "Reviewed by a native speaker" above to your name and the date.
"""


def scaffold(assistant: Assistant, code: str, source: str = "en") -> list[Path]:
    """Write the new language's files (never over existing ones); returns the files written."""
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise AssistantError(f"'{code}' is not a language code like 'fi' or 'so'")
    from assistant.core import ENGINE_DATA, data_folders

    folders = data_folders(assistant.skill_classes)
    written: list[Path] = []
    for folder in folders:
        originals = sorted(p for p in (folder / source).glob("*.yml") if p.name != ADMIN_FILE)
        for original in originals:
            target = folder / code / original.name
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_translatable(original, code, source), encoding="utf-8")
            written.append(target)
    if not written:
        raise AssistantError(f"nothing to write: `{code}` has every file already, or `{source}` has none")
    status = ENGINE_DATA / code / "STATUS.md"
    if not status.exists():
        files = ", ".join(str(p) for p in written)
        status.write_text(STATUS.format(code=code, files=files), encoding="utf-8")
        written.append(status)
    return written


def _translatable(original: Path, code: str, source: str) -> str:
    data = load_yaml(original).data or {}
    out = ['version: "3.1"', "",
           f"# {code}: made from {source} by `assistant language add {code}`. Translate every example",
           f"# and response; the {source} original is kept beside each one as a comment.", ""]
    fillers = ((data.get("normalize") or {}).get("fillers")) or []
    if fillers:
        out += ["normalize:", "  # Sounds and words a recogniser delivers that carry no meaning "
                f"({source}: {', '.join(fillers)}).", "  fillers: []", ""]
    items = data.get("nlu") or []
    if items:
        out.append("nlu:")
    for item in items:
        kind = next(k for k in ("intent", "synonym", "lookup", "regex") if k in item)
        examples = item.get("examples") or ""
        lines = [line.strip() for line in str(examples).splitlines() if line.strip()]
        out.append(f"- {kind}: {item[kind]}")
        for line in lines[:12]:
            out.append(f"  # {source}: {line}")
        if len(lines) > 12:
            out.append(f"  # … and {len(lines) - 12} more in {original}")
        out.append("  examples: []")
    responses = data.get("responses") or {}
    if responses:
        out += ["", "responses:"]
    for key, variants in responses.items():
        out.append(f"  {key}:")
        for variant in variants:
            out.append(f"  # {source}: {json.dumps(variant.get('text', ''), ensure_ascii=False)}")
        out.append('  - text: ""')
    words = data.get("words") or {}
    if words:
        out += ["", "words:"]
    for group, names in words.items():
        out.append(f"  {group}:")
        for key, name in names.items():
            out.append(f"    {json.dumps(str(key), ensure_ascii=False)}: \"\"  # {source}: {name}")
    return "\n".join(out) + "\n"
