"""The preschool's settings (`config/assistant.yml`), validated with clear errors."""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

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
    provider: Literal["smhi", "metno", "openmeteo"] = "smhi"
    base_url: str | None = None
    fallbacks: list[Literal["smhi", "metno", "openmeteo"]] = ["metno", "openmeteo"]
    refresh_minutes: float = Field(30, gt=0)
    timeout_seconds: float = Field(5, gt=0, le=60)


class Menu(Strict):
    source: Literal["teacher", "skolmaten", "mashie", "matilda", "foodit", "mateo"] = "teacher"
    id: str | None = None
    base_url: str | None = None
    alternatives: Literal["main", "both"] = "both"
    refresh_minutes: float = Field(60, gt=0)
    timeout_seconds: float = Field(5, gt=0, le=60)


class Voice(Strict):
    tts: Literal["espeak", "gtts", "piper"] = "espeak"
    stt: Literal["pocketsphinx", "whisper", "vosk", "off"] = "pocketsphinx"


class Storage(Strict):
    path: str | None = Field(None, description="SQLite file; relative to the config folder. "
                                                "Default: var/assistant.sqlite3 there.")


class Privacy(Strict):
    log_transcripts: bool = False
    keep_audio: bool = False


class Understanding(Strict):
    confidence: float = Field(0.45, ge=0, le=1, description="Below this, 'I don't know'.")
    margin: float = Field(0.12, ge=0, le=1, description="Two best intents closer than this: unsure.")


class Dialogue(Strict):
    session_minutes: float = Field(3, gt=0, description="A conversation is forgotten after this.")


class Config(Strict):
    """The whole of `assistant.yml`."""

    preschool: Preschool
    languages: list[str] = Field(min_length=1)
    timezone: str = "Europe/Stockholm"
    location: Location
    outdoor_hours: list[str] = ["09:00-11:30", "14:00-16:00"]
    weather: Weather = Weather()
    menu: Menu = Menu()
    voice: Voice = Voice()
    privacy: Privacy = Privacy()
    understanding: Understanding = Understanding()
    dialogue: Dialogue = Dialogue()
    storage: Storage = Storage()
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
