"""Conversations: sessions, follow-ups ("och imorgon?"), repeats, and the safety check first."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.nlu import OUT_OF_SCOPE, LanguageModel, Parse

if TYPE_CHECKING:
    from assistant.turn import Reply

# Contract intents (DESIGN §4) the dialogue itself acts on; `followup` is the dialogue's own.
DISTRESS = "distress"
REPEAT = "repeat"
FOLLOWUP = "followup"
# Below this probability distress still wins: a false alarm costs a kind sentence, a miss costs more.
DISTRESS_FLOOR = 0.3


@dataclass
class Session:
    """What the assistant remembers of one conversation, for a few minutes."""

    id: str
    """Who is talking (a tablet, a CLI chat)."""
    last_seen: dt.datetime
    """When the last question came (the turn's clock, which a test may fix)."""
    touched: float = 0.0
    """When the last question came, by the machine's own monotonic clock: what expiry goes by."""
    last_intent: str | None = None
    """The last question's intent, for follow-ups."""
    last_entities: dict[str, str] = field(default_factory=dict)
    """The last question's entities, for follow-ups."""
    last_reply: Reply | None = None
    """The last answer, for "what did you say?"."""


class Sessions:
    """Sessions by id, forgotten after `minutes` idle (a number, or a function giving the setting).

    Expiry goes by the machine's own clock, whatever clock the questions carry, and at most
    `limit` sessions are kept (the longest idle go first): no client can keep memory for ever."""

    def __init__(self, minutes: float | Callable[[], float] = 3, limit: int = 10_000,
                 clock: Callable[[], float] = time.monotonic):
        self._minutes = minutes if callable(minutes) else (lambda: minutes)
        self.limit = limit
        self.clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    @property
    def idle(self) -> dt.timedelta:
        """How long a conversation is remembered without a new question."""
        return dt.timedelta(minutes=self._minutes())

    def get(self, session_id: str, now: dt.datetime) -> Session:
        """The session, new if it was unknown or had expired."""
        real = self.clock()
        idle = self.idle.total_seconds()
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None or real - session.touched > idle or now < session.last_seen:
                session = Session(session_id, now, touched=real)
                self._sessions[session_id] = session
                self._forget_old(real, idle)
            session.last_seen, session.touched = now, real
            return session

    def __len__(self) -> int:
        return len(self._sessions)

    def _forget_old(self, real: float, idle: float) -> None:
        for key in [k for k, s in self._sessions.items() if real - s.touched > idle]:
            del self._sessions[key]
        while len(self._sessions) > self.limit:
            oldest = min(self._sessions.values(), key=lambda s: s.touched)
            del self._sessions[oldest.id]


@dataclass
class Decision:
    """What to do with a parsed question."""

    intent: str
    """The intent to answer (after safety and follow-up rules)."""
    entities: dict[str, str]
    """The entities to answer with."""
    repeat: bool = False
    """Say the last reply again instead of answering."""


def decide(parse: Parse, session: Session, model: LanguageModel) -> Decision:
    """Apply the dialogue's rules to a parse, in order of importance."""
    entities: dict[str, str] = {}
    for entity in parse.entities:
        entities.setdefault(entity.entity, entity.value)
    if _is_distress(parse, model):
        return Decision(DISTRESS, entities)
    if parse.intent == REPEAT:
        return Decision(REPEAT, entities, repeat=session.last_reply is not None)
    if parse.intent == FOLLOWUP or (parse.intent == OUT_OF_SCOPE and _only_entities(parse)):
        if session.last_intent and entities:
            return Decision(session.last_intent, {**session.last_entities, **entities})
        return Decision(OUT_OF_SCOPE, entities)
    return Decision(parse.intent, entities)


def remember(session: Session, decision: Decision, reply: Reply) -> None:
    """Keep what a follow-up or a repeat will need."""
    session.last_reply = reply
    if decision.intent not in (OUT_OF_SCOPE, DISTRESS, REPEAT, FOLLOWUP):
        session.last_intent = decision.intent
        session.last_entities = dict(decision.entities)


def _is_distress(parse: Parse, model: LanguageModel) -> bool:
    if parse.intent == DISTRESS or model.matches_pattern(DISTRESS, parse.normalized) or \
            model.matches_pattern(DISTRESS, parse.spoken):
        return True
    return any(name == DISTRESS and p >= DISTRESS_FLOOR for name, p in parse.ranking)


def _only_entities(parse: Parse) -> bool:
    """A bare "imorgon?" the recogniser was unsure of is still a follow-up."""
    covered = sum(len(e.text) for e in parse.entities)
    return bool(parse.entities) and covered >= 0.6 * len(parse.normalized.replace(" ", ""))
