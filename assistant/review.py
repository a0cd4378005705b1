"""Whether a native speaker has reviewed a language's data, as its `STATUS.md` says.

Each language folder may have a `STATUS.md` (who wrote the data, how, and a checklist for a
reviewer). Its line `- Reviewed by a native speaker: …` is read here so that the admin can show a
teacher which languages nobody who speaks them has checked yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

STATUS_FILE = "STATUS.md"
_REVIEWED = re.compile(r"^\s*[-*]\s*Reviewed by a native speaker:\s*(?P<by>.+?)\s*$", re.MULTILINE)
_NOT_YET = re.compile(r"^(no|not yet|none|-)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Review:
    """What the status files of one language say about review by a native speaker."""

    lang: str
    """The language code."""
    reviewed: bool
    """True only when every status file of the language names a reviewer."""
    by: tuple[str, ...]
    """What each status file says after "Reviewed by a native speaker:" (a name and date, or "no")."""
    files: tuple[Path, ...]
    """The status files read (none: nobody has said anything about this language's data)."""


def review(lang: str, folders: list[Path]) -> Review:
    """The review status of `lang` across the engine's and every skill's language folders."""
    files = tuple(p for p in (folder / lang / STATUS_FILE for folder in folders) if p.is_file())
    said = tuple(m.group("by") for f in files if (m := _REVIEWED.search(f.read_text(encoding="utf-8"))))
    reviewed = bool(said) and len(said) == len(files) and not any(_NOT_YET.match(s) for s in said)
    return Review(lang, reviewed, said, files)
