"""Laiban's clothing rules as data (rules.yml, overridable by a preschool's config/clothing.yml)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.yamlfile import YamlDocument, load_yaml
from skills.clothing.garments import GARMENTS

DEFAULT_RULES = Path(__file__).with_name("rules.yml")
OVERRIDE_FILE = "clothing.yml"
REASONS = ("warmth", "rain", "sun", "dry")
_MONTH_DAY = re.compile(r"^(\d\d)-(\d\d)$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_KEYS = {"bands", "rain", "garments", "seasons", "extras", "allowed", "exclusive", "order", "reasons"}
_ADJUSTMENT_KEYS = {"name", "from", "to", "conditions", "clear", "feels_like_at_least", "remove", "add"}


@dataclass
class PeriodWeather:
    """The weather of an outdoor period, as the rules see it."""

    coldest: float
    """The lowest feels-like temperature, °C."""
    warmest: float
    """The highest feels-like temperature, °C."""
    wet: bool
    """Whether anything falls (rain, snow …) during the period."""
    clear: bool = False
    """Whether it is a clear (sunny) period."""
    precipitation: str = "none"
    """What falls most (none, drizzle, rain, sleet, snow, hail)."""


@dataclass
class Band:
    """A feels-like temperature band."""

    condition: str
    """The condition it gives, e.g. `cold`."""
    up_to: float | None
    """Its upper limit in °C (inclusive); None for the last band."""


@dataclass
class Adjustment:
    """A season or an extra: between two dates, in some conditions, remove and add garments."""

    name: str
    """What it is called (`winter`, `sun`)."""
    start: tuple[int, int]
    """First (month, day), inclusive."""
    end: tuple[int, int]
    """Last (month, day), inclusive; before `start` when it wraps round new year."""
    conditions: frozenset[str] | None = None
    """Conditions it applies in; None for every condition."""
    clear: bool | None = None
    """When set, applies only to a clear (True) or cloudy (False) period."""
    feels_like_at_least: float | None = None
    """When set, applies only if the warmest feels-like temperature reaches it."""
    remove: tuple[str, ...] = ()
    """Garments it takes away."""
    add: tuple[str, ...] = ()
    """Garments it adds."""

    def applies(self, day: dt.date, condition: str, weather: PeriodWeather) -> bool:
        """Whether it changes the garments for this day, condition and weather."""
        key = (day.month, day.day)
        in_dates = self.start <= key <= self.end if self.start <= self.end else (
            key >= self.start or key <= self.end)
        return (in_dates and (self.conditions is None or condition in self.conditions)
                and (self.clear is None or weather.clear == self.clear)
                and (self.feels_like_at_least is None or weather.warmest >= self.feels_like_at_least))

    def apply(self, garments: list[str]) -> list[str]:
        """The garments after removing and adding."""
        kept = [g for g in garments if g not in self.remove]
        return kept + [g for g in self.add if g not in kept]


@dataclass
class Advice:
    """What the rules say to wear."""

    condition: str
    """The weather condition (`cold`, `cool_and_rainy` …); teachers' corrections are kept per condition."""
    garments: list[str]
    """Garment ids in dressing order."""
    applied: list[str] = field(default_factory=list)
    """Names of the seasons and extras that changed the garments."""


@dataclass
class Rules:
    """The whole rule set."""

    bands: list[Band]
    """Feels-like bands, first match wins."""
    rain: dict[str, str]
    """Band → condition when it is wet (`otherwise` for the rest)."""
    garments: dict[str, list[str]]
    """Condition → base garments."""
    seasons: list[Adjustment]
    """The first matching season applies."""
    extras: list[Adjustment]
    """Every matching extra applies."""
    allowed: dict[str, frozenset[str]]
    """Garment → conditions it may be worn in although the rules do not list it."""
    exclusive: list[frozenset[str]]
    """Groups of garments that exclude each other."""
    order: list[str]
    """Dressing order."""
    reasons: dict[str, str]
    """Garment → why it is worn (warmth, rain, sun, dry)."""

    @property
    def conditions(self) -> list[str]:
        """Every condition the rules can give."""
        found = [band.condition for band in self.bands]
        found += [c for c in self.rain.values() if c not in found]
        return found

    def condition(self, weather: PeriodWeather) -> str:
        """The band of the coldest feels-like temperature, turned rainy when it is wet."""
        band = next(b.condition for b in self.bands if b.up_to is None or weather.coldest <= b.up_to)
        if weather.wet:
            return self.rain.get(band, self.rain.get("otherwise", band))
        return band

    def advise(self, weather: PeriodWeather, day: dt.date) -> Advice:
        """Laiban's rule path: band, rain, base garments, the first matching season, then extras."""
        condition = self.condition(weather)
        garments = list(self.garments.get(condition, []))
        applied = []
        for season in self.seasons:
            if season.applies(day, condition, weather):
                garments = season.apply(garments)
                applied.append(season.name)
                break
        for extra in self.extras:
            if extra.applies(day, condition, weather):
                garments = extra.apply(garments)
                applied.append(extra.name)
        return Advice(condition, self.sort(garments), applied)

    def sort(self, garments: list[str]) -> list[str]:
        """Garments in dressing order, each once."""
        rank = {g: i for i, g in enumerate(self.order)}
        unique = list(dict.fromkeys(garments))
        return sorted(unique, key=lambda g: (rank.get(g, len(rank)), GARMENTS.index(g)))

    def conflicts(self, garments: list[str]) -> list[tuple[str, str]]:
        """Pairs in `garments` that exclude each other."""
        chosen = list(dict.fromkeys(garments))
        return [(a, b) for i, a in enumerate(chosen) for b in chosen[i + 1:]
                if any(a in group and b in group for group in self.exclusive)]

    def excluded_by(self, garment: str, garments: list[str]) -> str | None:
        """The garment in `garments` that takes `garment`'s place (a beanie for a cap), if any."""
        return next((g for g in garments if g != garment
                     and any(garment in group and g in group for group in self.exclusive)), None)


def load_rules(config_dir: Path | None = None) -> Rules:
    """The bundled rules, with the top-level keys of `<config_dir>/clothing.yml` replacing theirs."""
    documents = [load_yaml(DEFAULT_RULES)]
    override = Path(config_dir) / OVERRIDE_FILE if config_dir else None
    if override is not None and override.exists():
        documents.append(load_yaml(override))
    sources: dict[str, YamlDocument] = {}
    for doc in documents:
        if doc.data is None and doc is not documents[0]:
            continue
        if not isinstance(doc.data, dict):
            raise doc.error("expected clothing rules like `bands:` and `garments:`")
        for key in doc.data:
            if key not in _KEYS:
                raise doc.error(f"unknown key `{key}` (known: {', '.join(sorted(_KEYS))})", key)
            sources[key] = doc
    missing = _KEYS - set(sources)
    if missing:
        raise documents[0].error(f"missing {', '.join(sorted(missing))}")
    return _Parser(sources).rules()


class _Parser:
    """Reads each key from the file it came from, so an error names that file and line."""

    def __init__(self, sources: dict[str, YamlDocument]):
        self.sources = sources

    def value(self, key: str) -> Any:
        return self.sources[key].data[key]

    def fail(self, message: str, key: str, *path: Any) -> AssistantError:
        return self.sources[key].error(f"{key}: {message}", key, *path)

    def rules(self) -> Rules:
        bands = self.bands()
        rain = self.rain(bands)
        conditions = [b.condition for b in bands] + [c for c in rain.values()]
        return Rules(
            bands=bands,
            rain=rain,
            garments=self.garments(conditions),
            seasons=self.adjustments("seasons", conditions),
            extras=self.adjustments("extras", conditions),
            allowed=self.allowed(conditions),
            exclusive=self.exclusive(),
            order=self.garment_list(self.value("order"), "order"),
            reasons=self.reasons(),
        )

    def bands(self) -> list[Band]:
        items = self.value("bands")
        if not isinstance(items, list) or not items:
            raise self.fail("expected a list like `- {condition: cold, up_to: 10}`", "bands")
        bands: list[Band] = []
        for i, item in enumerate(items):
            if not isinstance(item, dict) or set(item) - {"condition", "up_to"}:
                raise self.fail("each band has `condition` and `up_to`", "bands", i)
            name = self.name(item.get("condition"), "bands", i, "condition")
            limit = item.get("up_to")
            last = i == len(items) - 1
            if limit is None and not last:
                raise self.fail(f"band `{name}` needs `up_to` (only the last band has no limit)", "bands", i)
            if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int | float)):
                raise self.fail(f"`up_to` of `{name}` must be a number of degrees", "bands", i)
            if limit is not None and bands and bands[-1].up_to is not None and limit <= bands[-1].up_to:
                raise self.fail(f"`up_to` of `{name}` must be above the band before it", "bands", i)
            bands.append(Band(name, float(limit) if limit is not None else None))
        return bands

    def rain(self, bands: list[Band]) -> dict[str, str]:
        mapping = self.value("rain")
        if not isinstance(mapping, dict):
            raise self.fail("expected `band: condition when wet` lines", "rain")
        known = {b.condition for b in bands} | {"otherwise"}
        for band, condition in mapping.items():
            if band not in known:
                raise self.fail(f"`{band}` is not a band (bands: {', '.join(sorted(known))})", "rain", band)
            self.name(condition, "rain", band)
        return dict(mapping)

    def garments(self, conditions: list[str]) -> dict[str, list[str]]:
        mapping = self.value("garments")
        if not isinstance(mapping, dict):
            raise self.fail("expected `condition: [garments]` lines", "garments")
        found = {c: self.garment_list(g, "garments", c) for c, g in mapping.items()}
        for condition in mapping:
            if condition not in conditions:
                raise self.fail(f"`{condition}` is not a condition the bands or rain can give",
                                "garments", condition)
        for condition in conditions:
            if condition not in mapping:
                raise self.fail(f"no garments for the condition `{condition}`", "garments")
        return found

    def adjustments(self, key: str, conditions: list[str]) -> list[Adjustment]:
        items = self.value(key) or []
        if not isinstance(items, list):
            raise self.fail("expected a list of `- name: …, from: MM-DD, to: MM-DD, …`", key)
        found = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise self.fail("each entry is a mapping with `name`, `from`, `to`", key, i)
            unknown = set(item) - _ADJUSTMENT_KEYS
            if unknown:
                raise self.fail(f"unknown setting `{sorted(unknown)[0]}`", key, i, sorted(unknown)[0])
            chosen = item.get("conditions")
            if chosen is not None:
                if not isinstance(chosen, list):
                    raise self.fail("`conditions` is a list", key, i, "conditions")
                for condition in chosen:
                    if condition not in conditions:
                        raise self.fail(f"`{condition}` is not a condition", key, i, "conditions")
            clear = item.get("clear")
            if clear is not None and not isinstance(clear, bool):
                raise self.fail("`clear` is true or false", key, i, "clear")
            least = item.get("feels_like_at_least")
            if least is not None and (isinstance(least, bool) or not isinstance(least, int | float)):
                raise self.fail("`feels_like_at_least` is a number of degrees", key, i, "feels_like_at_least")
            found.append(Adjustment(
                name=self.name(item.get("name"), key, i, "name"),
                start=self.month_day(item.get("from"), key, i, "from"),
                end=self.month_day(item.get("to"), key, i, "to"),
                conditions=frozenset(chosen) if chosen is not None else None,
                clear=clear,
                feels_like_at_least=float(least) if least is not None else None,
                remove=tuple(self.garment_list(item.get("remove", []), key, i, "remove")),
                add=tuple(self.garment_list(item.get("add", []), key, i, "add")),
            ))
        return found

    def allowed(self, conditions: list[str]) -> dict[str, frozenset[str]]:
        mapping = self.value("allowed") or {}
        if not isinstance(mapping, dict):
            raise self.fail("expected `garment: [conditions]` lines", "allowed")
        result = {}
        for garment, chosen in mapping.items():
            self.garment_list([garment], "allowed", garment)
            if not isinstance(chosen, list) or any(c not in conditions for c in chosen):
                raise self.fail(f"`{garment}` needs a list of conditions ({', '.join(conditions)})",
                                "allowed", garment)
            result[garment] = frozenset(chosen)
        return result

    def exclusive(self) -> list[frozenset[str]]:
        groups = self.value("exclusive") or []
        if not isinstance(groups, list):
            raise self.fail("expected a list of garment groups like `- [cap, beanie]`", "exclusive")
        found = []
        for i, group in enumerate(groups):
            garments = self.garment_list(group, "exclusive", i)
            if len(garments) < 2:
                raise self.fail("a group needs at least two garments", "exclusive", i)
            found.append(frozenset(garments))
        return found

    def reasons(self) -> dict[str, str]:
        mapping = self.value("reasons")
        if not isinstance(mapping, dict):
            raise self.fail("expected `reason: [garments]` lines", "reasons")
        result = {}
        for reason, garments in mapping.items():
            if reason not in REASONS:
                raise self.fail(f"`{reason}` is not a reason ({', '.join(REASONS)})", "reasons", reason)
            for garment in self.garment_list(garments, "reasons", reason):
                result[garment] = reason
        return result

    def garment_list(self, value: Any, key: str, *path: Any) -> list[str]:
        if not isinstance(value, list):
            raise self.fail("expected a list of garments like `[sweater, jacket]`", key, *path)
        for garment in value:
            if garment not in GARMENTS:
                raise self.fail(f"`{garment}` is not a garment (garments: {', '.join(GARMENTS)})",
                                key, *path)
        if len(set(value)) != len(value):
            raise self.fail("a garment is listed twice", key, *path)
        return list(value)

    def name(self, value: Any, key: str, *path: Any) -> str:
        if not isinstance(value, str) or not _NAME.match(value):
            raise self.fail(f"{value!r} is not a name like `cold_and_rainy`", key, *path)
        return value

    def month_day(self, value: Any, key: str, *path: Any) -> tuple[int, int]:
        match = _MONTH_DAY.match(str(value)) if isinstance(value, str) else None
        if match:
            month, day = int(match[1]), int(match[2])
            try:
                dt.date(2000, month, day)  # a leap year, so 02-29 is a date
                return month, day
            except ValueError:
                pass
        raise self.fail(f"{value!r} is not a date like \"11-01\" (month-day, in quotes)", key, *path)
