"""The skill API: everything a skill brings, what it is given, what it answers, and how it is found.

A skill is a Python package registered under the entry-point group `assistant.skills`. The
built-in ones load exactly like a third-party one. What a skill declares (all but `name`,
`intents` and `handle` optional):

- `intents`: the intents it answers;
- `tiles`: pictures on the child's start screen, each asking one of its intents;
- `Settings`: a pydantic model of its settings, read from `skills.<name>:` in assistant.yml;
- `data_dir()`: its language data, `nlu_data/<lang>/*.yml` beside its module by default;
- `refresh()` / `needs_refresh()` / `refresh_interval`: data fetched in the background;
- `admin()`: teachers' pages (a FastAPI router and its place in the admin's navigation);
- `commands()`: `assistant <name> <command>` sub-commands, given a `SkillContext`.

See docs/skills.md for a worked example.
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict

from assistant.errors import AssistantError
from assistant.locales import LocaleFormat
from assistant.words import Words

if TYPE_CHECKING:
    import argparse

    from assistant.config import Config
    from assistant.forecast import Forecast
    from assistant.http import Http
    from assistant.settings import Settings
    from assistant.store import Store

ENTRY_POINT_GROUP = "assistant.skills"
log = logging.getLogger(__name__)


class NoSettings(BaseModel):
    """The settings of a skill that has none: `skills.<name>:` must then be empty."""

    model_config = ConfigDict(extra="forbid")


class SkillContext:
    """What one skill is given: the preschool's settings (its own and the engine's, read at each
    use so a teacher's change applies at once), the store, the network, and language data."""

    def __init__(self, name: str, settings: Settings, config_dir: Path, store: Store, http: Http,
                 words: Callable[[str], Words] = lambda lang: Words({}),
                 render: Callable[[Answer, str, bool], tuple[str, str]] | None = None):
        self.name = name
        """The skill's name."""
        self._settings = settings
        self.config_dir = config_dir
        """The preschool's folder (a skill may keep its own files there, e.g. menu.yml)."""
        self.store = store
        """The SQLite store for what teachers edit and what was fetched."""
        self.http = http
        """The one HTTP client: total deadlines, size cap, retries, Retry-After (assistant.http)."""
        self._words = words
        self._render = render

    @property
    def config(self) -> Config:
        """The engine's settings as they are now (location, languages, time zone, outdoor hours)."""
        return self._settings.config

    @property
    def settings(self) -> Any:
        """This skill's settings as they are now (an instance of its `Settings` model)."""
        return self._settings.skill(self.name)

    @property
    def tz(self) -> dt.tzinfo:
        """The preschool's time zone."""
        return self.config.tz

    def now(self) -> dt.datetime:
        """The time at the preschool."""
        return dt.datetime.now(self.config.tz)

    def words(self, lang: str) -> Words:
        """A translator's names in `lang` (`words:` in the language data): `words(lang)("food")`."""
        return self._words(lang)

    def render(self, answer: Answer, lang: str, sentence: bool = True) -> tuple[str, str]:
        """What an answer says in `lang`: (shown text, spoken text); `sentence=False` for a word or
        a label (not capitalised). For commands and admin pages that show what a child will hear."""
        if self._render is None:
            raise AssistantError("this context cannot word answers (no language data loaded)")
        return self._render(answer, lang, sentence)

    @property
    def user_agent(self) -> str:
        """An honest User-Agent naming this installation, for every HTTP request."""
        return self.http.user_agent

    def forecast(self, now: dt.datetime) -> Forecast | None:
        """The forecast a skill that provides one keeps, if it is current at `now` (never the network)."""
        from assistant.forecast import cached_forecast

        return cached_forecast(self.store, now)


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
    suggestions: list[Tile] = field(default_factory=list)
    """The tiles a child can tap in this language (for "you can ask me…")."""
    can_say: Callable[[str], bool] = lambda key: True
    """Whether a response key exists in the request's language (or the default language)."""
    locales: dict[str, str] = field(default_factory=dict)
    """The preschool's language → Babel locale choices (`locales:` in assistant.yml)."""
    words: Words = field(default_factory=lambda: Words({}))
    """A translator's names in the request's language: `request.words("food")`."""

    @property
    def today(self) -> dt.date:
        """Today's date at the preschool."""
        return self.now.date()

    @property
    def formats(self) -> LocaleFormat:
        """Weekday, date and number formatting in the request's language."""
        return LocaleFormat(self.lang, self.locales, self.words)


@dataclass
class Say:
    """One sentence of an answer: a response key and the values for its placeholders."""

    key: str
    """The response key in the skill's `nlu_data/<lang>/<skill>.yml`."""
    values: dict[str, Any] = field(default_factory=dict)
    """Values for the key's `{placeholders}`; a value that is a `Say` is worded first."""


@dataclass
class CardItem:
    """One picture on the answer card."""

    picture: str
    """The picture's name (a drawn picture of the picture set, e.g. `beanie`)."""
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
    """What the answer is about, in the skill's words (`menu`, `weather`, `clock`, `message`)."""
    items: list[CardItem] = field(default_factory=list)
    """The pictures, in the order to show them."""
    data: dict[str, Any] = field(default_factory=dict)
    """Anything else the view needs (a time for a clock face, a date for a day page)."""
    layout: str = "pictures"
    """How the page lays it out: `pictures` (a row), `sequence` (in order, each shown while it is
    said), `clock` (a clock face at `data.time`) or `day` (a calendar page of `data.date`)."""


@dataclass
class Answer:
    """A skill's answer: what to say (as response keys) and what to show."""

    says: list[Say]
    """Sentences, said in order."""
    card: Card | None = None
    """The pictures to show, if any."""


@dataclass(frozen=True)
class Tile:
    """A big picture on the child's start screen that asks one question when tapped."""

    intent: str
    """The intent it asks; its question is the response `suggest_<intent>` of the language."""
    picture: str
    """The picture's name."""
    order: int = 50
    """Where it goes among the tiles (lower first)."""
    entities: tuple[tuple[str, str], ...] = ()
    """Entities the tapped question carries, e.g. (("day", "today"),)."""


@dataclass
class AdminPages:
    """A skill's pages in the teachers' admin."""

    router: Any
    """A FastAPI `APIRouter`; the admin mounts it at `/admin/<skill>` behind the login."""
    links: list[tuple[str, str]]
    """(path under `/admin/<skill>`, title) for the admin's navigation, e.g. [("", "Menu")]."""
    templates: Path | None = None
    """A folder of Jinja templates; a page renders `<skill>/<file>.html` from its `<skill>/` folder
    and extends the admin's `admin_base.html`."""
    order: int = 50
    """Where its links go in the navigation (lower first); the first page is the admin's home."""


@dataclass
class Command:
    """One `assistant <skill> <name>` sub-command."""

    name: str
    """The sub-command, e.g. `show`."""
    help: str
    """One line for `--help`."""
    run: Callable[[SkillContext, argparse.Namespace], int]
    """Does the work with the skill's context and the parsed arguments; returns the exit code."""
    arguments: Callable[[argparse.ArgumentParser], None] | None = None
    """Adds the command's own arguments to its parser."""
    needs_words: bool = False
    """Whether it words answers (`context.render`): then the language data is loaded first."""


class Skill:
    """Base class of a skill. Subclasses set `name` and `intents` and implement `handle`."""

    name: ClassVar[str] = ""
    """The skill's name: its entry point, its `skills.<name>:` settings, its language files."""
    intents: ClassVar[tuple[str, ...]] = ()
    """The intents it answers."""
    tiles: ClassVar[tuple[Tile, ...]] = ()
    """Its pictures on the child's start screen."""
    Settings: ClassVar[type[BaseModel]] = NoSettings
    """The model of its settings (`skills.<name>:` in assistant.yml), checked at start-up."""
    provides: ClassVar[tuple[str, ...]] = ()
    """Kinds of shared data its refresh keeps for others (`forecast`: assistant.forecast's cache)."""
    needs: ClassVar[tuple[str, ...]] = ()
    """Kinds of shared data it answers from; a one-shot question refreshes their providers too."""

    def __init__(self, context: SkillContext):
        self.context = context

    @classmethod
    def data_dir(cls) -> Path:
        """The folder with its language data: `<lang>/*.yml`; `nlu_data/` beside its module."""
        return Path(inspect.getfile(cls)).resolve().parent / "nlu_data"

    @classmethod
    def pictures_dir(cls) -> Path:
        """The folder with its drawn pictures: `<name>.svg`; `pictures/` beside its module."""
        return Path(inspect.getfile(cls)).resolve().parent / "pictures"

    @property
    def refresh_interval(self) -> float | None:
        """Seconds between background refreshes; None when there is nothing to fetch."""
        return None

    def handle(self, request: SkillRequest) -> Answer:
        """Answer one request. Must not touch the network: answer from what `refresh` cached."""
        raise NotImplementedError

    def tile_picture(self, tile: Tile, now: dt.datetime) -> str | None:
        """A picture for one of its tiles as things are now (the sky outside on the weather tile),
        from what is stored, never the network; None keeps the tile's own picture."""
        return None

    def refresh(self, now: dt.datetime) -> None:
        """Fetch what answers will need (through `context.http`) into the store. In the background."""

    def needs_refresh(self, now: dt.datetime) -> bool:
        """Whether the cache is empty or stale; one-shot commands then refresh before answering."""
        return False

    def admin(self) -> AdminPages | None:
        """Its pages in the teachers' admin, if it has any."""
        return None

    @classmethod
    def commands(cls) -> list[Command]:
        """Its `assistant <name> ...` sub-commands."""
        return []


def discover() -> dict[str, type[Skill]]:
    """Skill classes registered under the `assistant.skills` entry-point group, by name."""
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
        if cls.name != ep.name:
            log.error("skill %s calls itself %r; it must be registered under its own name", ep.name,
                      cls.name)
            continue
        found[ep.name] = cls
    return dict(sorted(found.items()))


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

    def for_intent(self, intent: str) -> Skill | None:
        """The skill that answers `intent`, if one is installed."""
        return self.by_intent.get(intent)

    def skill(self, name: str) -> Skill | None:
        """The running skill called `name`."""
        return next((s for s in self.skills if s.name == name), None)

    def refreshing(self, skill: Skill) -> list[Skill]:
        """What a one-shot answer by `skill` must refresh: itself and the providers of what it needs."""
        providers = [s for s in self.skills if s is not skill and set(s.provides) & set(skill.needs)]
        return [skill, *providers]

    @property
    def tiles(self) -> list[Tile]:
        """Every skill's tiles, in their order."""
        return sorted((t for s in self.skills for t in s.tiles), key=lambda t: (t.order, t.intent))
