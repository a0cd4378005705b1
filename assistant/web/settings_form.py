"""The preschool's settings as a form: fields from the settings models, validated, written back to YAML.

The form is built from `assistant.config.Config` and from each installed skill's `Settings`
model, so a setting added there (a new voice switch, a skill's option) appears in the admin
without touching this module. A field marked `json_schema_extra={"admin": False}` is for the
file only (developer settings: test servers, timeouts).
"""

from __future__ import annotations

import copy
import os
import tempfile
import threading
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from assistant.config import CONFIG_FILE, Config
from assistant.core import data_folders
from assistant.errors import AssistantError
from assistant.settings import Settings
from assistant.web.wording import FALLBACK, AdminWords, Speaker
from assistant.yamlfile import load_yaml

_write_lock = threading.Lock()


@dataclass
class SettingField:
    """One input of the settings form."""

    path: tuple[str, ...]
    """Where the value lives in assistant.yml, e.g. ("preschool", "name")."""
    kind: str
    """How it is typed: text, number, select, checkbox, list or languages."""
    label: str
    """What the teacher reads."""
    help: str = ""
    """The setting's description from the Config model."""
    options: list[str] = field(default_factory=list)
    """The choices of a select (or the offered languages)."""
    optional: bool = False
    """Whether it may be left empty."""

    @property
    def name(self) -> str:
        """The form field's name."""
        return ".".join(self.path)


@dataclass
class Section:
    """A group of fields under one heading."""

    title: str
    """The heading: an admin text's key (`section_voice`), or for a skill without one its name."""
    fields: list[SettingField]
    """Its inputs, in order."""
    group: str = ""
    """The admin text's key of the part of the page it belongs to (the preschool; the children's
    languages and voice; data sources and skills)."""


@dataclass
class FormState:
    """The form as shown: values (saved or as typed) and what is wrong with them."""

    sections: list[Section]
    """The fields."""
    values: dict[str, Any]
    """Field name → value to show (a string, a bool, or a list of language codes)."""
    errors: dict[str, str] = field(default_factory=dict)
    """Field name → what is wrong; "" for a problem not tied to one field."""


# Which engine settings the admin offers, and under which heading; a whole section (e.g. "voice")
# lists every field its model has. Each installed skill's settings follow, one section per skill.
# Three groups a teacher recognises; settings for developers (test servers, model files, threads)
# are marked `admin: False` and stay in the YAML file.
PRESCHOOL = "group_preschool"
CHILDREN = "group_children"
SOURCES = "group_sources"
LAYOUT: list[tuple[str, str, list[tuple[str, ...]]]] = [
    (PRESCHOOL, "section_name_place", [("preschool", "name"), ("preschool", "assistant_name"),
                                       ("preschool", "contact"), ("location", "lat"), ("location", "lon"),
                                       ("timezone",), ("outdoor_hours",)]),
    (PRESCHOOL, "section_tablet", [("web",)]),
    (CHILDREN, "section_languages", [("languages",)]),
    (CHILDREN, "section_voice", [("voice",)]),
    (CHILDREN, "section_privacy", [("privacy",)]),
]
SKILLS = "skills"
# A field's label and help are admin texts, `label.<field>` and `help.<field>` (the engine's in
# assistant/nlu_data/<lang>/admin.yml, a skill's in its own); where there is none, the setting's
# name and its description in the settings model are shown.


Models = dict[str, type[BaseModel]]
"""Each installed skill's settings model, by the skill's name."""


def build_sections(offered_languages: list[str], skills: Models | None = None) -> list[Section]:
    """The form's sections, with each field's kind taken from the settings models."""
    skills = skills or {}
    sections = []
    for group, title, paths in LAYOUT:
        fields: list[SettingField] = []
        for path in paths:
            fields += _fields_of(path, offered_languages, skills)
        sections.append(Section(title, fields, group))
    for name in skills:
        fields = _fields_of((SKILLS, name), offered_languages, skills)
        if fields:
            sections.append(Section(f"section_{name}", fields, SOURCES))
    return sections


def _fields_of(path: tuple[str, ...], offered_languages: list[str], skills: Models) -> list[SettingField]:
    _, annotation, _ = _resolve(path, skills)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found = [_field((*path, name), offered_languages, skills) for name in annotation.model_fields]
    else:
        found = [_field(path, offered_languages, skills)]
    return [f for f in found if f is not None]


def _resolve(path: tuple[str, ...], skills: Models) -> tuple[type[BaseModel], Any, Any]:
    """The model, annotation and field info of the setting at `path` (`skills.<name>...` goes to
    that skill's model)."""
    model: type[BaseModel] = Config
    if path[0] == SKILLS:
        if len(path) == 2:
            return Config, skills[path[1]], None
        model, path = skills[path[1]], path[2:]
    for i, name in enumerate(path):
        info = model.model_fields[name]
        if i == len(path) - 1:
            return model, info.annotation, info
        model = info.annotation
    raise KeyError(path)


def _field(path: tuple[str, ...], offered_languages: list[str], skills: Models) -> SettingField | None:
    """The input for one setting; None for a table of values or a setting for the file only."""
    _, annotation, info = _resolve(path, skills)
    if (info.json_schema_extra or {}).get("admin") is False:
        return None
    label = path[-1].replace("_", " ").capitalize()
    help_text = info.description or ""
    args = typing.get_args(annotation)
    optional = type(None) in args
    if optional:
        annotation = next(a for a in args if a is not type(None))
    if path == ("languages",):
        return SettingField(path, "languages", label, help_text, list(offered_languages))
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return SettingField(path, "select", label, help_text, [str(a) for a in typing.get_args(annotation)],
                            optional)
    if annotation is bool:
        return SettingField(path, "checkbox", label, help_text)
    if annotation in (int, float):
        return SettingField(path, "number", label, help_text, optional=optional)
    if origin is list and typing.get_args(annotation) == (str,):
        return SettingField(path, "list", label, help_text, optional=True)
    if annotation is str:
        return SettingField(path, "text", label, help_text, optional=optional)
    return None


def current_state(settings: Settings, offered_languages: list[str], skills: Models) -> FormState:
    """The form filled from the running settings."""
    sections = build_sections(offered_languages, skills)
    values = {}
    for f in _fields(sections):
        values[f.name] = _display(_current(settings, f.path), f)
    return FormState(sections, values)


def _current(settings: Settings, path: tuple[str, ...]) -> Any:
    if path[0] == SKILLS:
        return _get(settings.skill(path[1]), path[2:])
    return _get(settings.config, path)


def _display(value: Any, f: SettingField) -> Any:
    if f.kind in ("checkbox", "languages"):
        return value
    if f.kind == "list":
        return ", ".join(str(v) for v in value or [])
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and f.kind == "number":
        return str(int(value))
    return str(value)


def read_form(form: Any, sections: list[Section]) -> dict[str, Any]:
    """The submitted values, as shown back when something is wrong (`form`: a multi-dict)."""
    values: dict[str, Any] = {}
    for f in _fields(sections):
        if f.kind == "checkbox":
            values[f.name] = form.get(f.name) == "on"
        elif f.kind == "languages":
            chosen = [c for c in form.getlist(f.name) if c in f.options]
            default = form.get(f"{f.name}.default", "")
            if default in f.options:
                chosen = [default, *[c for c in chosen if c != default]]
            values[f.name] = chosen
        else:
            values[f.name] = str(form.get(f.name, "")).strip()
    return values


def _typed(value: Any, f: SettingField) -> Any:
    if f.kind == "list":
        return [part.strip() for part in value.split(",") if part.strip()]
    if f.kind in ("text", "number", "select") and value == "" and f.optional:
        return None
    return value


@dataclass
class Saved:
    """Settings a teacher saved, checked and written to the file."""

    config: Config
    """The engine's settings."""
    skills: dict[str, BaseModel]
    """Each skill's settings."""


def save(config_dir: Path, sections: list[Section], values: dict[str, Any],
         skills: Models | None = None, t: Speaker | None = None) -> tuple[Saved | None, FormState]:
    """Validate the submitted values with the settings models and, when all are good, write
    assistant.yml (whole or not at all).

    Returns the new settings (None when something is wrong) and the form to show, whose messages
    are in the teacher's admin language (`t`; English when not given).
    """
    skills = skills or {}
    t = t or AdminWords(data_folders()).speaker(FALLBACK)
    state = FormState(sections, values)
    path = Path(config_dir) / CONFIG_FILE
    try:
        saved = load_yaml(path).data
    except AssistantError as exc:
        state.errors[""] = str(exc)
        return None, state
    if not isinstance(saved, dict):
        state.errors[""] = f"{path}: expected settings like `preschool:`; fix the file by hand first"
        return None, state
    merged = copy.deepcopy(saved)
    for f in _fields(sections):
        _set_plain(merged, f.path, _typed(values[f.name], f))
    if not values.get("languages"):
        state.errors["languages"] = t("choose_language")
        return None, state
    try:
        config = Config.model_validate(merged)
        checked = {name: _validated(model, config.skill_settings(name), name)
                   for name, model in skills.items()}
    except ValidationError as exc:
        prefix = getattr(exc, "at", ())
        for error in exc.errors():
            loc = (*prefix, *(str(p) for p in error["loc"]))
            name = _field_of(loc, sections)
            if error["type"] == "extra_forbidden":
                message = f"unknown setting {'.'.join(loc)} in {path.name}"
            elif name:
                field_ = next(f for f in _fields(sections) if f.name == name)
                message = teacher_message(error, t.get(f"label.{name}", field_.label), t)
            else:
                message = error["msg"].removeprefix("Value error, ")
            state.errors.setdefault(name, message)
        return None, state
    _write(path, sections, config, saved, checked)
    return Saved(config, checked), state


# What a validator's complaint means for a teacher: the admin text that says it (pydantic's error
# types), and for a limit, which of the error's values is the limit.
PLAIN = {"float_parsing": "error_number", "float_type": "error_number", "finite_number": "error_number",
         "int_parsing": "error_whole_number", "int_type": "error_whole_number",
         "int_from_float": "error_whole_number", "missing": "error_required", "literal_error": "error_choice",
         "enum": "error_choice", "bool_parsing": "error_choice", "string_pattern_mismatch": "error_pattern"}
LIMITS = {"greater_than_equal": ("error_at_least", "ge"), "greater_than": ("error_more_than", "gt"),
          "less_than_equal": ("error_at_most", "le"), "less_than": ("error_less_than", "lt"),
          "string_too_long": ("error_too_long", "max_length"), "too_long": ("error_too_long", "max_length")}


def teacher_message(error: dict[str, Any], label: str, t: Speaker) -> str:
    """One sentence a teacher understands, naming the field ("Latitude: write a number, …")."""
    kind, context = error["type"], error.get("ctx") or {}
    if kind in PLAIN:
        return t(PLAIN[kind], label=label)
    if kind == "string_too_short" and context.get("min_length") == 1:
        return t("error_required", label=label)
    if kind in LIMITS and LIMITS[kind][1] in context:
        key, limit = LIMITS[kind]
        return t(key, label=label, limit=context[limit])
    # A validator's own words (the settings models say what they expect in plain English).
    return t("error_other", label=label, message=error["msg"].removeprefix("Value error, "))


def _validated(model: type[BaseModel], data: dict[str, Any], name: str) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        exc.at = (SKILLS, name)  # where the section is, for naming the form's field
        raise


def _field_of(loc: tuple[str, ...], sections: list[Section]) -> str:
    best = ""
    for f in _fields(sections):
        if loc[: len(f.path)] == f.path and len(f.name) > len(best):
            best = f.name
    return best


def _write(path: Path, sections: list[Section], config: Config, saved: dict[str, Any],
           skills: dict[str, BaseModel]) -> None:
    """Change only the values that differ, keeping the file's comments, order and style."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    with _write_lock:
        doc = yaml.load(path.read_text(encoding="utf-8"))
        for f in _fields(sections):
            new = _get(skills[f.path[1]], f.path[2:]) if f.path[0] == SKILLS else _get(config, f.path)
            if _get_plain(saved, f.path, _MISSING) != new:
                _set_yaml(doc, f.path, new)
        handle, tmp = tempfile.mkstemp(prefix=".assistant-", suffix=".yml", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                yaml.dump(doc, out)
                # On the disk before it replaces the old file: a power cut leaves one or the other.
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, path.stat().st_mode & 0o777)
            os.replace(tmp, path)
            _sync_folder(path.parent)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


_MISSING = object()


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fields(sections: list[Section]) -> list[SettingField]:
    return [f for s in sections for f in s.fields]


def _get(config: BaseModel, path: tuple[str, ...]) -> Any:
    value: Any = config
    for name in path:
        value = getattr(value, name)
    return value


def _get_plain(data: dict[str, Any], path: tuple[str, ...], default: Any) -> Any:
    value: Any = data
    for name in path:
        if not isinstance(value, dict) or name not in value:
            return default
        value = value[name]
    return value


def _set_plain(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for name in path[:-1]:
        if not isinstance(data.get(name), dict):
            data[name] = {}
        data = data[name]
    data[path[-1]] = value


def _set_yaml(doc: CommentedMap, path: tuple[str, ...], value: Any) -> None:
    for name in path[:-1]:
        if not isinstance(doc.get(name), dict):
            doc[name] = CommentedMap()
        doc = doc[name]
    key = path[-1]
    if isinstance(value, list):
        old = doc.get(key)
        seq = CommentedSeq(value)
        if not isinstance(old, CommentedSeq) or old.fa.flow_style():
            seq.fa.set_flow_style()  # short lists read best on one line, as the example writes them
        value = seq
    doc[key] = value
