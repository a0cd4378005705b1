"""The preschool's settings (`config/assistant.yml`), validated with clear errors."""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.errors import AssistantError
from assistant.yamlfile import load_yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_DIR = PROJECT_ROOT / "config"
CONFIG_FILE = "assistant.yml"
_HOURS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")
_LANG = re.compile(r"^[a-z]{2,3}$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Preschool(Strict):
    name: str = Field(min_length=1, description="The preschool's name.")
    assistant_name: str = Field("Kompis", min_length=1, description="What the children call it.")
    contact: str | None = Field(None, description="An e-mail or web address for API providers.")


class Location(Strict):
    lat: float = Field(ge=-90, le=90, description="Latitude in degrees.")
    lon: float = Field(ge=-180, le=180, description="Longitude in degrees.")


class Weather(Strict):
    provider: Literal["smhi", "metno", "openmeteo"] = Field("smhi", description="Where forecasts come from.")
    base_url: str | None = Field(None, description="An API root used instead of every provider's own "
                                                   "(a mirror serving the real paths, or a test server).")
    fallbacks: list[Literal["smhi", "metno", "openmeteo"]] = Field(
        ["metno", "openmeteo"], description="Tried in order when the provider fails.")
    refresh_minutes: float = Field(30, gt=0, description="Minutes between background refreshes.")
    timeout_seconds: float = Field(5, gt=0, le=60, description="Seconds to wait for a provider.")


class Clothing(Strict):
    correction_days: float | None = Field(30, gt=0, description="Days a teacher's correction of the "
                                                                "clothing advice holds; null: for ever.")


_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class Menu(Strict):
    source: Literal["teacher", "skolmaten", "mashie", "matilda", "foodit", "mateo"] = "teacher"
    id: str | None = Field(None, description="The school's id (or page address) at the menu source.")
    base_url: str | None = Field(None, description="Overrides the source's web address (tests, proxies).")
    alternatives: Literal["main", "both"] = Field(
        "both", description="main: say only the main dish; both: add the vegetarian one with 'or'.")
    refresh_minutes: float = Field(60, gt=0)
    timeout_seconds: float = Field(5, gt=0, le=60)
    meal_times: dict[Literal["breakfast", "lunch", "snack"], str] = Field(
        {"breakfast": "08:30", "lunch": "12:00", "snack": "15:00"},
        description="When each meal is over: after it, today's meal is told in the past tense.")

    @field_validator("meal_times")
    @classmethod
    def _meal_times(cls, value: dict[str, str]) -> dict[str, str]:
        for meal, clock in value.items():
            if not _CLOCK.match(clock):
                raise ValueError(f"{meal}: '{clock}' is not a time like '12:00'")
        return {"breakfast": "08:30", "lunch": "12:00", "snack": "15:00", **value}

    @model_validator(mode="after")
    def _source_needs_id(self) -> Menu:
        if self.source != "teacher" and not (self.id or "").strip():
            raise ValueError(f"id: the menu source {self.source} needs the school's id (menu.id)")
        return self


class PocketsphinxModel(Strict):
    """A pocketsphinx acoustic model and dictionary for a language the pip package does not ship."""

    model: str = Field(description="Folder of the acoustic model; relative to the config folder.")
    dictionary: str = Field(description="Pronunciation dictionary file; relative to the config folder.")


class Voice(Strict):
    """How the assistant speaks and listens. Cloud engines (gtts) only when a teacher chooses them."""

    tts: Literal["espeak", "gtts", "piper", "off"] = Field(
        "espeak", description="Speech output: espeak (offline), gtts (cloud, opt-in), piper (extra).")
    stt: Literal["pocketsphinx", "whisper", "vosk", "off"] = Field(
        "pocketsphinx", description="Speech recognition engine.")
    voices: dict[str, str] = Field({}, description="eSpeak NG voice per language, e.g. {en: en-us}; "
                                                   "default: the language code itself.")
    rate: int = Field(140, ge=80, le=260, description="Words per minute; calm and a bit slow for children "
                                                      "(eSpeak's own default is 175).")
    pitch: int = Field(50, ge=0, le=99, description="eSpeak NG pitch (0-99).")
    gtts_tld: str = Field("com", pattern=r"^[a-z.]{2,10}$",
                          description="Google Translate domain for gTTS, e.g. `se` for translate.google.se.")
    timeout_seconds: float = Field(4, gt=0, le=30,
                                   description="Longest wait for a cloud voice; then the offline one speaks.")
    piper_models: dict[str, str] = Field({}, description="Piper voice model (.onnx) per language; "
                                                         "relative to the config folder.")
    whisper_model: str | None = Field(None, description="faster-whisper model: a folder (relative to the "
                                                        "config folder) or a name already downloaded.")
    whisper_threads: int = Field(2, ge=1, le=16, description="CPU threads for faster-whisper.")
    vosk_models: dict[str, str] = Field({}, description="Vosk model folder per language.")
    pocketsphinx_models: dict[str, PocketsphinxModel] = Field(
        {}, description="pocketsphinx models for languages other than English (which ships with it).")
    talk_key: str = Field("enter", description="The key that starts listening at the kiosk: `enter`, "
                                               "`space` or one character (a big button can send it).")
    silence_seconds: float = Field(0.8, gt=0.1, le=5, description="Silence that ends a spoken question.")
    max_listen_seconds: float = Field(8, gt=1, le=15, description="Longest spoken question.")
    cache_megabytes: int = Field(200, ge=10, description="Spoken answers kept on disk, oldest dropped first.")

    @field_validator("talk_key")
    @classmethod
    def _talk_key(cls, value: str) -> str:
        if value not in ("enter", "space") and len(value) != 1:
            raise ValueError(f"'{value}' is not `enter`, `space` or a single character")
        return value


class Storage(Strict):
    path: str | None = Field(None, description="SQLite file; relative to the config folder. "
                                                "Default: var/assistant.sqlite3 there.")


class Privacy(Strict):
    """Nothing a child says is kept unless a teacher switches it on here."""

    log_transcripts: bool = Field(False, description="Log what was heard (otherwise only the intent).")
    keep_audio: bool = Field(False, description="Keep spoken questions as WAV files under var/recordings/.")


class Understanding(Strict):
    confidence: float = Field(0.45, ge=0, le=1, description="Below this, 'I don't know'.")
    margin: float = Field(0.12, ge=0, le=1, description="Two best intents closer than this: unsure.")


class Dialogue(Strict):
    session_minutes: float = Field(3, gt=0, description="A conversation is forgotten after this.")


class Web(Strict):
    """The tablet page and the teachers' admin (`assistant serve`)."""

    idle_seconds: float = Field(120, ge=0, description="Back to the start screen after this many "
                                                       "seconds without a tap (0: never).")
    admin_session_minutes: float = Field(30, gt=0, description="A teacher is logged out after this "
                                                                "many minutes without a click.")
    login_attempts: int = Field(5, ge=1, le=100, description="Wrong passwords allowed before the "
                                                              "login waits.")
    lockout_minutes: float = Field(15, gt=0, description="How long the login waits after too many "
                                                         "wrong passwords.")


class Config(Strict):
    """The whole of `assistant.yml`."""

    preschool: Preschool
    languages: list[str] = Field(min_length=1)
    timezone: str = "Europe/Stockholm"
    location: Location
    outdoor_hours: list[str] = ["09:00-11:30", "14:00-16:00"]
    weather: Weather = Weather()
    clothing: Clothing = Clothing()
    menu: Menu = Menu()
    voice: Voice = Voice()
    privacy: Privacy = Privacy()
    understanding: Understanding = Understanding()
    dialogue: Dialogue = Dialogue()
    storage: Storage = Storage()
    web: Web = Web()
    locales: dict[str, str] = {}
    holidays_country: str = Field("SE", min_length=2, max_length=2)

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        for lang in value:
            if not _LANG.match(lang):
                raise ValueError(f"'{lang}' is not a language code like 'sv' or 'en'")
        if len(set(value)) != len(value):
            raise ValueError("a language is listed twice")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"'{value}' is not a time zone like 'Europe/Stockholm'") from None
        return value

    @field_validator("outdoor_hours")
    @classmethod
    def _hours(cls, value: list[str]) -> list[str]:
        for span in value:
            if not _HOURS.match(span) or span[:5] >= span[6:]:
                raise ValueError(f"'{span}' is not a time span like '09:00-11:30'")
        return value

    @property
    def default_language(self) -> str:
        """The first language: used when none is asked for, and for missing translations."""
        return self.languages[0]

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        """The preschool's time zone."""
        return zoneinfo.ZoneInfo(self.timezone)


def load_config(config_dir: Path | None = None) -> Config:
    """Read and validate `<config_dir>/assistant.yml`."""
    path = Path(config_dir or DEFAULT_CONFIG_DIR) / CONFIG_FILE
    if not path.exists():
        raise AssistantError("no such file (use --config DIR to point at a preschool's folder)", path)
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise doc.error("expected settings like `preschool:` and `languages:`")
    try:
        return Config.model_validate(doc.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        where = ".".join(str(p) for p in loc) or "(top)"
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "unknown setting"
        elif first["type"] == "missing":
            message = "missing setting"
        raise doc.error(f"{where}: {message}", *loc) from None
