"""The turn pipeline: `Assistant.handle(query) -> Reply` (DESIGN §2)."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.config import DEFAULT_CONFIG_DIR, PROJECT_ROOT, Config, load_config
from assistant.dialogue import DISTRESS, Decision, Sessions, decide, remember
from assistant.errors import AssistantError
from assistant.nlu import NLU, OUT_OF_SCOPE, LanguageData, Parse, load_language
from assistant.nlu import Thresholds as _Thresholds
from assistant.refresh import refresh_if_needed
from assistant.responses import Responses
from assistant.skills import Answer, Card, Registry, Say, SkillContext, SkillRequest
from assistant.store import Store

BUILTIN_DATA = PROJECT_ROOT / "nlu_data"
NOT_SET_UP = "not_set_up"
SKILL_ERROR = "skill_error"
log = logging.getLogger(__name__)


@dataclass
class Query:
    """One question from a child (typed by a developer, tapped, or heard)."""

    text: str
    """What was said or what the tapped picture asks."""
    lang: str | None = None
    """The language to understand and answer in; the default language when None."""
    session_id: str = "default"
    """Which conversation this belongs to (follow-ups, repeats)."""
    now: dt.datetime | None = None
    """A fixed clock (tests, `--now`); the real time when None."""


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
    """How sure the recogniser was (0–1)."""
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


class Assistant:
    """Understands a question, lets a skill answer it, and words the answer."""

    def __init__(self, config: Config, registry: Registry, nlu: NLU, responses: Responses,
                 languages: dict[str, LanguageData], context: SkillContext):
        self.config = config
        self.config_dir = context.config_dir
        """The preschool's folder (settings, menu plan, var/ with the store and audio cache)."""
        self.store = context.store
        """The SQLite store the skills share."""
        self.registry = registry
        self.nlu = nlu
        self.responses = responses
        self.languages = languages
        self.sessions = Sessions(config.dialogue.session_minutes)
        self.trained_in: float = 0.0
        """Seconds it took to train every language at start-up."""

    @classmethod
    def from_config_dir(cls, config_dir: Path | None = None) -> Assistant:
        """Start the assistant for the preschool in `config_dir` (the bundled example if None)."""
        config_dir = Path(config_dir or DEFAULT_CONFIG_DIR)
        config = load_config(config_dir)
        store = Store(config_dir / (config.storage.path or "var/assistant.sqlite3"))
        context = SkillContext(config, config_dir, store)
        registry = Registry.load(context)
        folders = [BUILTIN_DATA, *registry.data_dirs()]
        languages = {}
        for lang in config.languages:
            if not any((folder / lang).is_dir() for folder in folders):
                raise AssistantError(f"languages: no language data for `{lang}` in {BUILTIN_DATA}",
                                     config_dir / "assistant.yml")
            languages[lang] = load_language(lang, folders)
        started = time.perf_counter()
        names = [config.preschool.assistant_name]
        thresholds = _Thresholds(config.understanding.confidence, config.understanding.margin)
        nlu = NLU.train(languages, names, thresholds)
        responses = Responses({k: v.responses for k, v in languages.items()}, config.default_language)
        assistant = cls(config, registry, nlu, responses, languages, context)
        assistant.trained_in = time.perf_counter() - started
        return assistant

    def prepare(self, now: dt.datetime | None = None) -> None:
        """Fetch whatever a skill lacks before answering (one-shot commands; no background loop).

        `now` is a fixed clock as given to `--now` (local time when it has no zone)."""
        refresh_if_needed(self.registry.skills, self.localize(now) if now else self.now())

    def now(self) -> dt.datetime:
        """The time at the preschool."""
        return dt.datetime.now(self.config.tz)

    def localize(self, moment: dt.datetime) -> dt.datetime:
        """A clock time given without a zone is the preschool's local time."""
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.config.tz)
        return moment.astimezone(self.config.tz)

    def language(self, lang: str | None) -> str:
        """The language to use: the one asked for if the preschool has it, else the default."""
        return lang if lang in self.nlu.models else self.config.default_language

    def parse(self, text: str, lang: str | None = None) -> Parse:
        """Understand one sentence without answering it."""
        return self.nlu.parse(text, self.language(lang))

    def handle(self, query: Query) -> Reply:
        """Answer one question."""
        lang = self.language(query.lang)
        now = self.localize(query.now) if query.now else self.now()
        session = self.sessions.get(query.session_id, now)
        model = self.nlu.models[lang]
        parse = model.parse(query.text)
        decision = decide(parse, session, model)
        if decision.repeat and session.last_reply is not None:
            reply = _replace(session.last_reply, intent=decision.intent, confidence=parse.confidence)
        else:
            reply = self._answer(decision, parse, lang, now)
        remember(session, decision, reply)
        if self.config.privacy.log_transcripts:
            log.info("heard %r (%s) -> %s", query.text, lang, reply.intent)
        else:
            log.info("answered %s (%s)", reply.intent, lang)
        return reply

    def _answer(self, decision: Decision, parse: Parse, lang: str, now: dt.datetime) -> Reply:
        intent = decision.intent
        skill = self.registry.for_intent(intent)
        request = SkillRequest(intent, decision.entities, lang, now, parse.text,
                               sorted(self.registry.by_intent),
                               lambda key: self.responses.has(key, lang), self.config.locales)
        answer = Answer([Say(NOT_SET_UP)])
        if skill is not None:
            try:
                answer = skill.handle(request)
            except AssistantError:
                raise
            except Exception:
                log.exception("skill %s failed on %s", skill.name, intent)
                answer, skill = Answer([Say(SKILL_ERROR)]), None
        text, speech = self._words(answer, lang)
        entities = [e.to_json() for e in parse.entities]
        confidence = parse.confidence if intent in (parse.intent, DISTRESS, OUT_OF_SCOPE) else 1.0
        return Reply(lang, text, speech, intent, confidence, entities,
                     skill.name if skill else None, self._card(answer.card, lang))

    def _words(self, answer: Answer, lang: str) -> tuple[str, str]:
        rendered = [self.responses.render(say.key, self._values(say, lang), lang)
                    for say in answer.says]
        return " ".join(r.text for r in rendered), " ".join(r.speech for r in rendered)

    def _values(self, say: Say, lang: str) -> dict[str, Any]:
        preschool = self.config.preschool
        base = {"assistant_name": preschool.assistant_name, "preschool_name": preschool.name}
        values = {**base, **say.values}
        # A value may itself be a response key to render first (a suggestion, an hour word).
        for name, value in list(values.items()):
            if isinstance(value, Say):
                nested = self.responses.render(value.key, self._values(value, lang), lang, False)
                values[name] = nested.text
        return values

    def _card(self, card: Card | None, lang: str) -> dict[str, Any] | None:
        if card is None:
            return None
        items = []
        for item in card.items:
            label = item.label
            if item.label_key:
                label = self.responses.render(item.label_key, item.values, lang).text
            entry = {"label": label, "picture": item.picture}
            if item.value is not None:
                entry["value"] = item.value
            items.append(entry)
        return {"kind": card.kind, "items": items, **card.data}


def _replace(reply: Reply, **changes: Any) -> Reply:
    return Reply(**{**reply.__dict__, **changes})
