"""The preschool information assistant: one flat public API.

    from assistant import Assistant, Query
    reply = Assistant.from_config_dir().handle(Query("vad är klockan", "sv"))
"""

from assistant.config import Config, load_config
from assistant.core import Assistant, Query, Reply
from assistant.errors import AssistantError
from assistant.nlu import NLU, Entity, Parse
from assistant.responses import Responses
from assistant.skills import (
    Answer,
    Card,
    CardItem,
    Say,
    Skill,
    SkillContext,
    SkillRequest,
)

__all__ = [
    "NLU",
    "Answer",
    "Assistant",
    "AssistantError",
    "Card",
    "CardItem",
    "Config",
    "Entity",
    "Parse",
    "Query",
    "Reply",
    "Responses",
    "Say",
    "Skill",
    "SkillContext",
    "SkillRequest",
    "load_config",
]
