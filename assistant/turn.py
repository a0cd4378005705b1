"""What goes into a turn and what comes out: a child's question and the assistant's reply."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Query:
    """One question from a child: said, typed, or tapped (a tile asks an intent directly)."""

    text: str = ""
    """What was said, or what the tapped picture asks."""
    lang: str | None = None
    """The language to understand and answer in; the default language when None."""
    session_id: str = "default"
    """Which conversation this belongs to (follow-ups, repeats)."""
    now: dt.datetime | None = None
    """A fixed clock (tests, `--now`); the real time when None."""
    intent: str | None = None
    """A tapped question's intent: answered as such, without guessing from words."""
    entities: dict[str, str] = field(default_factory=dict)
    """A tapped question's entities (canonical values, e.g. {"day": "today"})."""


@dataclass
class Reply:
    """The answer: shown text, spoken text, and what the tablet shows (DESIGN §4)."""

    lang: str
    """The language of the answer."""
    text: str
    """What is shown in the speech bubble."""
    speech: str
    """What is said aloud."""
    intent: str
    """The intent answered."""
    confidence: float
    """How sure the recogniser was (0–1); 1 for a tap."""
    entities: list[dict[str, str]] = field(default_factory=list)
    """Entities found in the question."""
    skill: str | None = None
    """The skill that answered; None when no skill could."""
    card: dict[str, Any] | None = None
    """Pictures to show."""

    def to_json(self) -> dict[str, Any]:
        """The reply JSON of DESIGN §4."""
        return {
            "lang": self.lang,
            "text": self.text,
            "speech": self.speech,
            "intent": {"name": self.intent, "confidence": round(self.confidence, 4)},
            "entities": self.entities,
            "skill": self.skill,
            "card": self.card,
        }

    def replaced(self, **changes: Any) -> Reply:
        """The same reply with some fields changed."""
        return Reply(**{**self.__dict__, **changes})
