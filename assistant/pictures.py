"""The drawn picture set: SVG files found by name in the engine's `pictures/` folder and in each
installed skill's, served at `/pictures/<name>.svg`.

A skill says which picture an answer shows by its name (`CardItem("beanie")`); the page then gets
the picture's address and never needs an emoji font. A name with no drawn picture (a third-party
skill's emoji, say) is passed on as it is, and the page shows it as text.
"""

from __future__ import annotations

import re
from pathlib import Path

ENGINE_PICTURES = Path(__file__).parent / "pictures"
_NAME = re.compile(r"^[a-z0-9_]{1,60}$")


class Pictures:
    """Every drawn picture the engine and the skills bring, by name."""

    def __init__(self, folders: list[Path]):
        self.files: dict[str, Path] = {}
        """Name → its SVG file; the engine's first, then each skill's (the first of a name wins)."""
        for folder in folders:
            for path in sorted(folder.glob("*.svg")) if folder.is_dir() else []:
                self.files.setdefault(path.stem, path)

    def url(self, name: str) -> str | None:
        """Where the page gets the picture called `name`; None when there is no such drawing."""
        return f"/pictures/{name}.svg" if name in self.files else None

    def file(self, name: str) -> Path | None:
        """The SVG file of a picture, for serving; None for an unknown or malformed name."""
        return self.files.get(name) if _NAME.match(name or "") else None
