"""The turn pipeline: `Assistant.handle(query) -> Reply` (DESIGN §2).

An assistant starts cheaply: its settings, its store and its skills. The language data is read
and the recognisers are trained the first time something needs them, so a command that only
sets a password or shows the menu never trains anything; `assistant serve` calls `ready()` to
have everything in place before the first child asks.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from assistant.config import DEFAULT_CONFIG_DIR, Config, state_dir, store_path
from assistant.dialogue import DISTRESS, Decision, Sessions, decide, remember
from assistant.errors import AssistantError
from assistant.http import Http
from assistant.nlu import NLU, OUT_OF_SCOPE, LanguageData, Parse, load_language
from assistant.nlu import Thresholds as _Thresholds
from assistant.nlu.cache import ModelCache
from assistant.pictures import ENGINE_PICTURES, Pictures
from assistant.responses import Responses, Worded
from assistant.settings import Settings
from assistant.skills import Answer, Card, Registry, Say, Skill, SkillContext, SkillRequest, Tile, discover
from assistant.store import Store
from assistant.turn import Query, Reply
from assistant.words import Words

ENGINE_DATA = Path(__file__).resolve().parent / "nlu_data"
"""The engine's own language data: `<lang>/_common.yml` (days, fillers, its own sentences)."""
NOT_SET_UP = "not_set_up"
SKILL_ERROR = "skill_error"
NOT_HEARD = "not_heard"
"""The engine's sentence for a question with no words (silence, or nothing heard well enough)."""
log = logging.getLogger(__name__)

__all__ = ["Assistant", "Query", "Reply"]


def data_folders(skill_classes: dict[str, type[Skill]] | None = None) -> list[Path]:
    """Every folder of language data: the engine's, then each installed skill's."""
    classes = discover() if skill_classes is None else skill_classes
    return [ENGINE_DATA, *(c.data_dir() for c in classes.values())]


def languages_with_data() -> list[str]:
    """The languages the engine's folder has data for (each skill may have fewer)."""
    return sorted(p.name for p in ENGINE_DATA.iterdir() if p.is_dir() and p.name.isalpha())


class Languages(Mapping[str, LanguageData]):
    """The configured languages' data by code, each read from its files on first use."""

    def __init__(self, codes: list[str], load: Callable[[str], LanguageData]):
        self._codes = list(codes)
        self._load = load
        self._read: dict[str, LanguageData] = {}
        self._lock = threading.Lock()

    def __getitem__(self, lang: str) -> LanguageData:
        if lang not in self._read:
            if lang not in self._codes:
                raise KeyError(lang)
            with self._lock:
                if lang not in self._read:
                    self._read[lang] = self._load(lang)
        return self._read[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)


class _Responses(Mapping[str, dict]):
    """Each language's response templates, read with the language."""

    def __init__(self, languages: Mapping[str, LanguageData]):
        self._languages = languages

    def __getitem__(self, lang: str) -> dict:
        return self._languages[lang].responses

    def __iter__(self) -> Iterator[str]:
        return iter(self._languages)

    def __len__(self) -> int:
        return len(self._languages)


class Assistant:
    """Understands a question, lets a skill answer it, and words the answer."""

    def __init__(self, settings: Settings, config_dir: Path, store: Store,
                 skill_classes: dict[str, type[Skill]]):
        self.settings = settings
        """The one source of the preschool's settings (read at each use)."""
        self.config_dir = config_dir
        """The preschool's folder (settings, menu plan, var/ with the store and audio cache)."""
        self.store = store
        """The SQLite store the skills share."""
        self.http = Http(_user_agent(settings.config))
        """The one HTTP client every skill's data source uses."""
        self.skill_classes = skill_classes
        """The installed skills' classes, by name."""
        self.sessions = Sessions(lambda: self.config.dialogue.session_minutes)
        self.trained_in: float = 0.0
        """Seconds it took to train every language (0 until they are trained)."""
        self._lock = threading.RLock()

    @classmethod
    def from_config_dir(cls, config_dir: Path | None = None) -> Assistant:
        """The assistant for the preschool in `config_dir` (the bundled example if None).

        Cheap: nothing is trained yet (see `ready`)."""
        config_dir = Path(config_dir or DEFAULT_CONFIG_DIR)
        classes = discover()
        settings = Settings.load(config_dir, {name: c.Settings for name, c in classes.items()})
        path = store_path(config_dir, settings.config)
        try:
            store = Store(path)
        except (OSError, sqlite3.Error) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise settings.error(f"storage.path: the store {path} cannot be opened ({reason})",
                                 "storage", "path") from None
        return cls(settings, config_dir, store, classes)

    # --- what is built on first use ------------------------------------------------------------

    @property
    def config(self) -> Config:
        """The engine's settings as they are now."""
        return self.settings.config

    @cached_property
    def registry(self) -> Registry:
        """The running skills (each given its own context)."""
        with self._lock:
            return Registry([cls(self.context_for(name)) for name, cls in self.skill_classes.items()])

    def context_for(self, name: str) -> SkillContext:
        """The context a skill called `name` gets."""
        return SkillContext(name, self.settings, self.config_dir, self.store, self.http,
                            self.words, self.render)

    @cached_property
    def languages(self) -> Languages:
        """Every configured language's data: the engine's and each skill's, each language read
        the first time it is needed (a command answering in Swedish reads no other language)."""
        with self._lock:
            folders = data_folders(self.skill_classes)
            for lang in self.config.languages:
                if not any((folder / lang).is_dir() for folder in folders):
                    raise AssistantError(f"languages: no language data for `{lang}` (looked in "
                                         f"{ENGINE_DATA} and the skills' nlu_data folders)",
                                         self.settings.path)
            return Languages(self.config.languages, lambda lang: load_language(lang, folders))

    @cached_property
    def responses(self) -> Responses:
        """Every language's answer templates."""
        return Responses(_Responses(self.languages), self.config.default_language)

    @cached_property
    def nlu(self) -> NLU:
        """The recognisers, one per language, each trained (or read from the state folder, when
        its data has not changed) the first time it is needed; `ready()` does all of them.
        The preschool's own language is understood inside every other."""
        with self._lock:
            understanding = self.config.understanding
            return NLU(self.languages, [self.config.preschool.assistant_name],
                       _Thresholds(understanding.confidence, understanding.margin),
                       local=self.config.default_language,
                       cache=ModelCache(state_dir(self.config_dir) / "models"))

    @cached_property
    def pictures(self) -> Pictures:
        """The drawn pictures of the engine and every installed skill."""
        return Pictures([ENGINE_PICTURES, *(c.pictures_dir() for c in self.skill_classes.values())])

    @cached_property
    def speech(self) -> Any:
        """Speech out and in (a `SpeechService`); made on first use."""
        from assistant.speech import SpeechService

        return SpeechService(self.settings, self.config_dir, lambda: self.languages,
                             state=state_dir(self.config_dir))

    def ready(self) -> Assistant:
        """Read every language and train the recognisers now, not at the first question."""
        started = time.perf_counter()
        _ = self.nlu.models
        self.trained_in = time.perf_counter() - started
        _ = self.responses, self.registry
        return self

    # --- the clock -----------------------------------------------------------------------------

    def prepare(self, now: dt.datetime | None = None, skills: list[Skill] | None = None) -> None:
        """Fetch what the given skills (all, if None) lack before answering: one-shot commands.

        `now` is a fixed clock as given to `--now` (local time when it has no zone)."""
        from assistant.refresh import refresh_if_needed

        refresh_if_needed(self.registry.skills if skills is None else skills,
                          self.localize(now) if now else self.now())

    def now(self) -> dt.datetime:
        """The time at the preschool."""
        return dt.datetime.now(self.config.tz)

    def localize(self, moment: dt.datetime) -> dt.datetime:
        """A clock time given without a zone is the preschool's local time."""
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.config.tz)
        return moment.astimezone(self.config.tz)

    # --- a turn --------------------------------------------------------------------------------

    def language(self, lang: str | None) -> str:
        """The language to use: the one asked for if the preschool has it, else the default."""
        return lang if lang in self.config.languages else self.config.default_language

    def words(self, lang: str) -> Words:
        """A language's `words:` (names of dishes, holidays …)."""
        data = self.languages.get(lang)
        return Words(data.words if data else {})

    def parse(self, text: str, lang: str | None = None) -> Parse:
        """Understand one sentence without answering it."""
        return self.nlu.parse(text, self.language(lang))

    def skill_for(self, query: Query) -> Skill | None:
        """The skill that will answer a question (so a one-shot command refreshes only it)."""
        intent = query.intent or self.parse(query.text, query.lang).intent
        return self.registry.for_intent(intent)

    def handle(self, query: Query) -> Reply:
        """Answer one question."""
        lang = self.language(query.lang)
        now = self.localize(query.now) if query.now else self.now()
        session = self.sessions.get(query.session_id, now)
        if query.intent:
            parse = Parse(query.text, lang, query.intent, 1.0, [], "", [(query.intent, 1.0)])
            decision = Decision(query.intent, dict(query.entities))
        else:
            parse, model = self.nlu.understand(query.text, lang)
            decision = decide(parse, session, model)
        if decision.repeat and session.last_reply is not None:
            reply = session.last_reply.replaced(intent=decision.intent, confidence=parse.confidence)
        elif not query.intent and not parse.normalized:
            # Nothing was said (or nothing heard well enough): ask again, do not guess.
            text, speech = self.render(Answer([Say(NOT_HEARD)]), lang)
            reply = Reply(lang, text, speech, OUT_OF_SCOPE, 0.0, [], None, None)
        else:
            reply = self._answer(decision, parse, lang, now)
        remember(session, decision, reply)
        if self.config.privacy.log_transcripts:
            log.info("heard %r (%s) -> %s", query.text, lang, reply.intent)
        else:
            log.info("answered %s (%s)", reply.intent, lang)
        return reply

    def tiles(self, lang: str) -> list[Tile]:
        """The tiles a child can tap in `lang`: those whose question the language has."""
        return [t for t in self.registry.tiles
                if self.registry.for_intent(t.intent) and self.responses.has(f"suggest_{t.intent}", lang)]

    def request(self, intent: str, entities: dict[str, str], lang: str, now: dt.datetime,
                text: str = "") -> SkillRequest:
        """A question as a skill sees it."""
        return SkillRequest(intent, entities, lang, now, text, self.tiles(lang),
                            lambda key: self.responses.has(key, lang), self.config.locales, self.words(lang))

    def _answer(self, decision: Decision, parse: Parse, lang: str, now: dt.datetime) -> Reply:
        intent = decision.intent
        skill = self.registry.for_intent(intent)
        request = self.request(intent, decision.entities, lang, now, parse.text)
        answer = Answer([Say(NOT_SET_UP)])
        if skill is not None:
            try:
                answer = skill.handle(request)
            except AssistantError:
                raise
            except Exception:
                log.exception("skill %s failed on %s", skill.name, intent)
                answer, skill = Answer([Say(SKILL_ERROR)]), None
        entities = [e.to_json() for e in parse.entities] or [
            {"entity": k, "value": v, "text": ""} for k, v in decision.entities.items()]
        confidence = parse.confidence if intent in (parse.intent, DISTRESS, OUT_OF_SCOPE) else 1.0
        return self.reply(answer, lang, intent, skill.name if skill else None, confidence, entities)

    def reply(self, answer: Answer, lang: str, intent: str, skill: str | None, confidence: float = 1.0,
              entities: list[dict[str, str]] | None = None) -> Reply:
        """A skill's answer worded in `lang` as a reply (an admin page previewing an answer uses it)."""
        text, speech = self.render(answer, lang)
        return Reply(lang, text, speech, intent, confidence, entities or [], skill,
                     self._card(answer.card, lang))

    def render(self, answer: Answer, lang: str, sentence: bool = True) -> tuple[str, str]:
        """An answer's sentences in `lang`: (shown text, spoken text); not capitalised when it is a
        word or a label rather than sentences."""
        rendered = [self.responses.render(say.key, self._values(say, lang), lang, sentence)
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
                values[name] = Worded(nested.text, nested.forms)
        return values

    def _card(self, card: Card | None, lang: str) -> dict[str, Any] | None:
        if card is None:
            return None
        items = []
        for item in card.items:
            label = item.label
            if item.label_key:
                label = self.responses.render(item.label_key, self._values(Say(item.label_key, item.values),
                                                                           lang), lang).text
            entry = {"label": label, "picture": item.picture, "picture_url": self.pictures.url(item.picture)}
            if item.value is not None:
                entry["value"] = item.value
            items.append(entry)
        return {"kind": card.kind, "layout": card.layout, "items": items, **card.data}


def _user_agent(config: Config) -> str:
    preschool = config.preschool
    contact = f"; {preschool.contact}" if preschool.contact else ""
    return f"preschool-assistant/0.1 ({preschool.name}{contact})"

