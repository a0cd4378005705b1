"""Preschool folders for tests: a copy of the example with some settings changed, and one skill
running on it (through the same assistant a preschool runs, without training anything)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from assistant.config import EXAMPLE_CONFIG_DIR
from assistant.core import Assistant
from assistant.skills import Skill

NO_NETWORK = "http://127.0.0.1:9"
"""A closed local port: a source pointed here fails at once, and no test reaches the internet."""


def copy_example(target: Path, fixed_clock: bool = True) -> Path:
    """A fresh copy of the example preschool (without its state folder); requests may fix the
    clock there (`web.fixed_clock`), as tests do to ask about a known day."""
    shutil.copytree(EXAMPLE_CONFIG_DIR, target, ignore=shutil.ignore_patterns("var"))
    if fixed_clock:
        # Added as text, so the file keeps its comments (some tests check they survive a save).
        settings = target / "assistant.yml"
        assert "\nweb:" not in settings.read_text(encoding="utf-8")
        with settings.open("a", encoding="utf-8") as out:
            out.write("\nweb:\n  fixed_clock: true        # tests ask about known days\n")
    return target


def change_settings(folder: Path, skills: dict[str, dict[str, Any]] | None = None,
                    **sections: dict[str, Any]) -> Path:
    """Change settings of a preschool folder: engine sections (`voice={...}`) and skills' own."""
    path = Path(folder) / "assistant.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section, values in sections.items():
        current = data.get(section)
        data[section] = {**current, **values} if isinstance(current, dict) else values
    for name, values in (skills or {}).items():
        data.setdefault("skills", {})
        data["skills"][name] = {**(data["skills"].get(name) or {}), **values}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def running_skill(folder: Path, name: str) -> Skill:
    """The skill called `name`, running on the preschool in `folder` (nothing trained)."""
    skill = Assistant.from_config_dir(folder).registry.skill(name)
    assert skill is not None, f"the {name} skill is not installed"
    return skill
