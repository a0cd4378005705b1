"""The skill API: what a skill is given, what it answers, and how skills are found."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from assistant.errors import AssistantError
from assistant.locales import LocaleFormat

if TYPE_CHECKING:
    import argparse

    from assistant.config import Config
    from assistant.store import Store

ENTRY_POINT_GROUP = "assistant.skills"
log = logging.getLogger(__name__)


@dataclass
class SkillContext:
    """What a skill gets once, when the assistant starts."""

    config: Config
    """The preschool's settings."""
    config_dir: Path
    """The folder the settings were read from (a skill may keep its own files there)."""
    store: Store
    """The SQLite store for what teachers edit and what was fetched."""

    @property
    def user_agent(self) -> str:
        """An honest User-Agent naming this installation, for every HTTP request."""
        preschool = self.config.preschool
        contact = f"; {preschool.contact}" if preschool.contact else ""
        return f"preschool-assistant/0.1 ({preschool.name}{contact})"


@dataclass
class SkillRequest:
    """One question, as a skill sees it."""

    intent: str
    """The canonical intent name."""
    entities: dict[str, str]
    """Entity type → canonical value (the first one found of each type)."""
    lang: str
    """The language to answer in."""
    now: dt.datetime
    """The current time in the preschool's time zone."""
    text: str = ""
    """The sentence as heard; skills should not need it."""
    available_intents: list[str] = field(default_factory=list)
    """Intents some installed skill answers (for suggestions)."""
    can_say: Callable[[str], bool] = lambda key: True
    """Whether a response key exists in the request's language (or the default language)."""
    locales: dict[str, str] = field(default_factory=dict)
    """The preschool's language → Babel locale choices (`locales:` in assistant.yml)."""

    @property
    def today(self) -> dt.date:
        """Today's date at the preschool."""
        return self.now.date()

    @property
    def formats(self) -> LocaleFormat:
        """Weekday, date and number formatting in the request's language."""
        return LocaleFormat(self.lang, self.locales)


@dataclass
class Say:
    """One sentence of an answer: a response key and the values for its placeholders."""

    key: str
    """The response key in `nlu_data/<lang>/<skill>.yml`."""
    values: dict[str, Any] = field(default_factory=dict)
    """Values for the key's `{placeholders}`."""


@dataclass
class CardItem:
    """One picture on the answer card."""

    picture: str
    """An emoji (or an image path) a child recognises."""
    label: str | None = None
    """The label in the reply's language."""
    label_key: str | None = None
    """A response key to render as the label, when the label is language data."""
    value: str | None = None
    """The canonical value it stands for, where there is one (a garment id, a weather symbol)."""
    values: dict[str, Any] = field(default_factory=dict)
    """Placeholders for `label_key`."""


@dataclass
class Card:
    """What the tablet shows with an answer."""

    kind: str
    """The kind of card (`menu`, `weather`, `clothing`, `clock`, `calendar`, `message`)."""
    items: list[CardItem] = field(default_factory=list)
    """The pictures, in the order to show them."""
    data: dict[str, Any] = field(default_factory=dict)
    """Anything else the view needs (a time for the clock, a temperature)."""


@dataclass
class Answer:
    """A skill's answer: what to say (as response keys) and what to show."""

    says: list[Say]
    """Sentences, said in order."""
    card: Card | None = None
    """The pictures to show, if any."""


class Skill:
    """Base class of a skill. Subclasses set `name` and `intents` and implement `handle`."""

    name: ClassVar[str] = ""
    """The skill's name; also the stem of its language files."""
    intents: ClassVar[tuple[str, ...]] = ()
    """The intents it answers."""
    data_dir: ClassVar[Path | None] = None
    """A folder with `<lang>/<name>.yml` files of its own (third-party skills); None for built-ins."""

    refresh_interval: ClassVar[float | None] = None
    """Seconds between background refreshes (menus, forecasts); None when there is nothing to fetch."""

    def __init__(self, context: SkillContext):
        self.context = context

    def handle(self, request: SkillRequest) -> Answer:
        """Answer one request. Must not touch the network: answer from what `refresh` cached."""
        raise NotImplementedError

    def refresh(self, now: dt.datetime) -> None:
        """Fetch what answers will need (with timeouts) into the store. Called in the background."""

    def needs_refresh(self, now: dt.datetime) -> bool:
        """Whether the cache is empty or stale; one-shot commands then refresh before answering."""
        return False

    @classmethod
    def add_commands(cls, commands: argparse._SubParsersAction) -> None:
        """Add the skill's own `assistant <name> ...` sub-commands (e.g. `assistant menu show`).

        A command's handler is set with `parser.set_defaults(handler=function)`; it is called as
        `handler(args, assistant)` and returns an exit code.
        """


def discover() -> dict[str, type[Skill]]:
    """Skill classes registered under the `assistant.skills` entry-point group."""
    found: dict[str, type[Skill]] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            cls = ep.load()
        except Exception as exc:  # a broken third-party skill must not stop the others
            log.error("skill %s could not be loaded: %s", ep.name, exc)
            continue
        if not (isinstance(cls, type) and issubclass(cls, Skill)):
            log.error("skill %s is not a Skill subclass; skipped", ep.name)
            continue
        found[ep.name] = cls
    return found


class Registry:
    """The running skills and which intent each answers."""

    def __init__(self, skills: list[Skill]):
        self.skills = skills
        self.by_intent: dict[str, Skill] = {}
        for skill in skills:
            for intent in skill.intents:
                if intent in self.by_intent:
                    other = self.by_intent[intent].name
                    raise AssistantError(f"skills `{other}` and `{skill.name}` both answer `{intent}`")
                self.by_intent[intent] = skill

    @classmethod
    def load(cls, context: SkillContext) -> Registry:
        """Start every installed skill."""
        return cls([skill_class(context) for skill_class in discover().values()])

    def for_intent(self, intent: str) -> Skill | None:
        """The skill that answers `intent`, if one is installed."""
        return self.by_intent.get(intent)

    def skill(self, name: str) -> Skill | None:
        """The running skill called `name`."""
        return next((s for s in self.skills if s.name == name), None)

    def data_dirs(self) -> list[Path]:
        """Language-data folders of skills that bring their own."""
        return [s.data_dir for s in self.skills if s.data_dir is not None]
