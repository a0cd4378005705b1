"""The preschool information assistant: one flat public API.

    from assistant import Assistant, Query
    reply = Assistant.from_config_dir().ready().handle(Query("vad är klockan", "sv"))

The names are imported when first used, so a command that needs little (`assistant --help`,
`assistant admin set-password`) does not pay for the recogniser's imports.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "Assistant": "assistant.core",
    "Query": "assistant.turn",
    "Reply": "assistant.turn",
    "Config": "assistant.config",
    "load_config": "assistant.config",
    "Settings": "assistant.settings",
    "AssistantError": "assistant.errors",
    "NLU": "assistant.nlu",
    "Entity": "assistant.nlu",
    "Parse": "assistant.nlu",
    "Responses": "assistant.responses",
    "AdminPages": "assistant.skills",
    "Answer": "assistant.skills",
    "Card": "assistant.skills",
    "CardItem": "assistant.skills",
    "Command": "assistant.skills",
    "Say": "assistant.skills",
    "Skill": "assistant.skills",
    "SkillContext": "assistant.skills",
    "SkillRequest": "assistant.skills",
    "Tile": "assistant.skills",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
