"""The preschool's settings (`config/assistant.yml`), validated with clear errors."""

from __future__ import annotations

import os
import re
import zoneinfo
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.errors import AssistantError
from assistant.yamlfile import YamlDocument, load_yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The source tree (a checkout); an installed wheel has no such folder beyond the package itself."""
EXAMPLE_CONFIG_DIR = Path(__file__).resolve().parent / "example"
"""The example preschool that ships with the package (used when no folder is given)."""
DEFAULT_CONFIG_DIR = EXAMPLE_CONFIG_DIR
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


class PocketsphinxModel(Strict):
    """A pocketsphinx acoustic model and dictionary for a language the pip package does not ship."""

    model: str = Field(description="Folder of the acoustic model; relative to the config folder.")
    dictionary: str = Field(description="Pronunciation dictionary file; relative to the config folder.")


class Voice(Strict):
    """How the assistant speaks and listens. Cloud engines (gtts) only when a teacher chooses them."""

    tts: Literal["auto", "espeak", "gtts", "piper", "off"] = Field(
        "auto", description="Speech output: auto (Piper where the piper extra has a voice, else "
                            "eSpeak NG), espeak (offline), gtts (cloud, opt-in), piper (extra).")
    stt: Literal["auto", "pocketsphinx", "whisper", "vosk", "off"] = Field(
        "auto", description="Speech recognition: auto (Whisper in every language it knows when the "
                            "whisper extra is installed, else pocketsphinx for English), or one engine.")
    stt_languages: dict[str, Literal["pocketsphinx", "whisper", "vosk", "off"]] = Field(
        {}, description="An engine for one language, over `stt`, e.g. {en: pocketsphinx}.",
        json_schema_extra={"admin": False})
    voices: dict[str, str] = Field({}, description="eSpeak NG voice per language, e.g. {en: en-us}; "
                                                   "default: the language code itself.",
        json_schema_extra={"admin": False})
    rate: int = Field(140, ge=80, le=260, description="Words per minute; calm and a bit slow for children "
                                                      "(eSpeak's own default is 175).")
    pitch: int = Field(50, ge=0, le=99, description="eSpeak NG pitch (0-99).")
    gtts_tld: str = Field("com", pattern=r"^[a-z.]{2,10}$",
                          description="Google Translate domain for gTTS, e.g. `se` for translate.google.se.",
        json_schema_extra={"admin": False})
    timeout_seconds: float = Field(4, gt=0, le=30,
                                   description="Longest wait for a cloud voice; then the offline one speaks.",
        json_schema_extra={"admin": False})
    piper_models: dict[str, str] = Field({}, description="Piper voice model (.onnx) per language; "
                                                         "relative to the config folder.",
        json_schema_extra={"admin": False})
    whisper_model: str | None = Field(None, description="faster-whisper model: a folder (relative to the "
                                                        "config folder) or a name already downloaded; "
                                                        "default: the whisper extra's base weights.",
        json_schema_extra={"admin": False})
    whisper_threads: int = Field(2, ge=1, le=16, description="CPU threads for faster-whisper.",
        json_schema_extra={"admin": False})
    vosk_models: dict[str, str] = Field({}, description="Vosk model folder per language.",
        json_schema_extra={"admin": False})
    pocketsphinx_models: dict[str, PocketsphinxModel] = Field(
        {}, description="pocketsphinx models for languages other than English (which ships with it).",
        json_schema_extra={"admin": False})
    talk_key: str = Field("enter", description="The key that starts listening at the kiosk: `enter`, "
                                               "`space` or one character (a big button can send it).",
        json_schema_extra={"admin": False})
    silence_seconds: float = Field(0.8, gt=0.1, le=5, description="Silence that ends a spoken question.")
    max_listen_seconds: float = Field(8, gt=1, le=15, description="Longest spoken question.")
    cache_megabytes: int = Field(200, ge=10, description="Spoken answers kept on disk, oldest dropped first.",
        json_schema_extra={"admin": False})

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
    wait_while_speaking: bool = Field(False, description="While the assistant speaks, taps on the tiles "
                                                         "and the talk button wait until it is done "
                                                         "(Laiban's default; the home button always works).")
    admin_session_minutes: float = Field(30, gt=0, description="A teacher is logged out after this "
                                                                "many minutes without a click.")
    login_attempts: int = Field(5, ge=1, le=100, description="Wrong passwords allowed before the "
                                                              "login waits.")
    lockout_minutes: float = Field(15, gt=0, description="How long the login waits after too many "
                                                         "wrong passwords.")
    fixed_clock: bool = Field(False, description="Let requests fix the clock (`now`), to try out another "
                                                 "day; for tests and demos, never for a preschool.",
                              json_schema_extra={"admin": False})
    trusted_proxies: list[str] = Field([], description="Addresses of reverse proxies whose "
                                                       "X-Forwarded-For is believed; none by default.",
                                       json_schema_extra={"admin": False})


class Config(Strict):
    """The whole of `assistant.yml`: the engine's settings, and each skill's under `skills:`."""

    preschool: Preschool
    languages: list[str] = Field(min_length=1)
    timezone: str = "Europe/Stockholm"
    location: Location
    outdoor_hours: list[str] = ["09:00-11:30", "14:00-16:00"]
    skills: dict[str, dict[str, Any] | None] = Field(
        {}, description="Each skill's own settings, by the skill's name (its settings model checks them).")
    voice: Voice = Voice()
    privacy: Privacy = Privacy()
    understanding: Understanding = Understanding()
    dialogue: Dialogue = Dialogue()
    storage: Storage = Storage()
    web: Web = Web()
    locales: dict[str, str] = {}
    holidays_country: str = Field("SE", min_length=2, max_length=2)

    def skill_settings(self, name: str) -> dict[str, Any]:
        """The raw `skills.<name>:` section (empty when absent)."""
        return dict(self.skills.get(name) or {})

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
    """Read and validate `<config_dir>/assistant.yml` (the engine's settings; skills check theirs)."""
    return read_config(Path(config_dir or DEFAULT_CONFIG_DIR) / CONFIG_FILE)[0]


def read_config(path: Path, skill_names: tuple[str, ...] = ()) -> tuple[Config, YamlDocument]:
    """The settings in `path` and the parsed file (for errors that name a line).

    A top-level section named after an installed skill is where that skill's settings were before
    they moved under `skills:`; the error says where they go now."""
    if not path.exists():
        raise AssistantError("no such file (use --config DIR to point at a preschool's folder)", path)
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise doc.error("expected settings like `preschool:` and `languages:`")
    for name in skill_names:
        if name in doc.data and name not in Config.model_fields:
            raise doc.error(f"{name}: a skill's settings are now under `skills.{name}:` (write `skills:` "
                            f"and, indented under it, `{name}:` with the same settings)", name)
    try:
        return Config.model_validate(doc.data), doc
    except ValidationError as exc:
        raise validation_error(doc, exc) from None


def validate_section(doc: YamlDocument, model: type[BaseModel], data: dict[str, Any],
                     *at: str) -> BaseModel:
    """`data` (the section at keys `at` of the file) checked with `model`; errors name the line."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(doc, exc, at) from None


def validation_error(doc: YamlDocument, exc: ValidationError, at: tuple[str, ...] = ()) -> AssistantError:
    """The first problem pydantic found, as one line naming the setting, the file and the line."""
    first = exc.errors()[0]
    loc = (*at, *first["loc"])
    where = ".".join(str(p) for p in loc) or "(top)"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown setting"
    elif first["type"] == "missing":
        message = "missing setting"
    return doc.error(f"{where}: {message}", *loc)


def state_dir(config_dir: Path) -> Path:
    """Where a preschool's store and audio cache live: `var/` in its folder; for the example that
    ships inside the package, a folder of the user's (the package's own folder may be read-only)."""
    config_dir = Path(config_dir).resolve()
    if config_dir == EXAMPLE_CONFIG_DIR.resolve():
        base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
        return Path(base) / "preschool-assistant" / "example"
    return config_dir / "var"


def store_path(config_dir: Path, config: Config) -> Path:
    """The SQLite file: `storage.path` (relative to the preschool's folder), else in `state_dir`."""
    if config.storage.path:
        return Path(config_dir) / config.storage.path
    return state_dir(config_dir) / "assistant.sqlite3"
