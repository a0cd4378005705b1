"""The preschool's settings, held in one place and read at each use.

Every part of the running assistant (the turn, the skills, speech, the web pages) asks this
object for the settings when it needs them, so when a teacher saves the admin's settings page
the change applies everywhere at once: a privacy switch turned off is off for the next
recording. Only what is built once at start-up (the trained languages, the store's file) waits
for a restart, and `restart_needed` says which.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from assistant.config import CONFIG_FILE, Config, read_config, validate_section
from assistant.errors import AssistantError
from assistant.yamlfile import YamlDocument

RESTART = {
    "languages": "the languages are trained when the assistant starts",
    "understanding": "the recogniser's thresholds are set when it is trained",
    "storage": "the store's file is opened when the assistant starts",
    "timezone": "times already in conversations and caches would mix zones",
}
"""Settings read only at start-up, and why."""


class Settings:
    """The current settings: the engine's `Config` and each installed skill's own model."""

    def __init__(self, config: Config, skills: dict[str, BaseModel], path: Path | None = None,
                 doc: YamlDocument | None = None):
        self._config = config
        self._skills = dict(skills)
        self.path = path
        """The assistant.yml they were read from (None for settings made in code)."""
        self.doc = doc
        """That file as read at start-up (for errors that name a line)."""
        self._lock = threading.Lock()

    @classmethod
    def load(cls, config_dir: Path, models: dict[str, type[BaseModel]]) -> Settings:
        """Read `<config_dir>/assistant.yml`, checking each skill's section with its model."""
        path = Path(config_dir) / CONFIG_FILE
        config, doc = read_config(path, tuple(models))
        return cls(config, check_skills(config, doc, models), path, doc)

    @property
    def config(self) -> Config:
        """The engine's settings."""
        return self._config

    def skill(self, name: str) -> Any:
        """The settings of the skill called `name`."""
        return self._skills[name]

    def error(self, message: str, *keys: str) -> AssistantError:
        """An error about a setting, naming assistant.yml and the setting's line when known."""
        if self.doc is not None:
            return self.doc.error(message, *keys)
        return AssistantError(message, self.path)

    def replace(self, config: Config, skills: dict[str, BaseModel] | None = None) -> list[str]:
        """Use new settings from now on; returns what will only apply after a restart (and why)."""
        with self._lock:
            old = self._config
            self._config = config
            if skills is not None:
                self._skills = {**self._skills, **skills}
        return [f"{name} ({why})" for name, why in RESTART.items()
                if getattr(old, name) != getattr(config, name)]


def check_skills(config: Config, doc: YamlDocument,
                 models: dict[str, type[BaseModel]]) -> dict[str, BaseModel]:
    """Every installed skill's settings from `skills.<name>:`; a section for a skill that is not
    installed is an error naming its line (a typo would otherwise be silently ignored)."""
    for name in config.skills:
        if name not in models:
            installed = ", ".join(sorted(models)) or "none"
            raise doc.error(f"skills.{name}: no skill called `{name}` is installed "
                            f"(installed: {installed})", "skills", name)
    found: dict[str, BaseModel] = {}
    for name, model in models.items():
        found[name] = validate_section(doc, model, config.skill_settings(name), "skills", name)
    return found
