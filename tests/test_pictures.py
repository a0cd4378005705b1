"""The drawn picture set: every picture a skill names exists, each is a plain SVG (no script, no
outside reference, no emoji font needed), garments never share a picture, and the foods still
shown with another food's drawing are listed, not hidden."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from assistant.core import Assistant
from assistant.forecast.symbols import SYMBOLS
from assistant.pictures import ENGINE_PICTURES
from skills.clothing.garments import PICTURES as GARMENT_PICTURES
from skills.menu.lexicon import DEFAULT_PICTURE, Lexicon
from skills.social import PICTURES as SOCIAL_PICTURES
from skills.weather.answers import UNKNOWN_PICTURE

ROOT = Path(__file__).resolve().parent.parent
SVGS = sorted([*ENGINE_PICTURES.glob("*.svg"), *ROOT.glob("skills/*/pictures/*.svg")])
SVG = "{http://www.w3.org/2000/svg}"
BORROWED = ROOT / "skills" / "menu" / "pictures" / "borrowed.yml"


def named(assistant: Assistant) -> set[str]:
    """Every picture name the built-in skills and the engine's page use."""
    names = set(GARMENT_PICTURES.values()) | {s.picture for s in SYMBOLS.values()}
    names |= set(SOCIAL_PICTURES.values()) | {e.picture for e in Lexicon.load().foods}
    names |= {t.picture for t in assistant.registry.tiles}
    names |= {DEFAULT_PICTURE, UNKNOWN_PICTURE, "clock", "calendar", "holiday", "dont_know",
              "sorry", "listening", "thinking"}
    return names


def test_every_picture_a_skill_names_is_drawn(assistant: Assistant) -> None:
    missing = sorted(n for n in named(assistant) if assistant.pictures.url(n) is None)
    assert not missing, f"no drawing for: {missing}"


@pytest.mark.parametrize("path", SVGS, ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_a_picture_is_a_plain_svg(path: Path) -> None:
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg" and root.get("viewBox"), f"{path.name}: not an SVG with a viewBox"
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert not tags & {"script", "foreignObject", "image", "text"}, f"{path.name}: {tags}"
    text = path.read_text(encoding="utf-8")
    assert "href=\"http" not in text and "url(http" not in text and "on" + "load" not in text


def test_no_two_things_share_a_picture_within_garments_or_weather() -> None:
    garments = list(GARMENT_PICTURES.values())
    assert len(set(garments)) == len(garments)
    # Sleet of every strength is the same drawing; every other sky has its own.
    skies = [s.picture for s in SYMBOLS.values() if "sleet" not in s.name]
    assert len(set(skies)) == len(skies)


def test_the_page_needs_no_emoji_font(assistant: Assistant) -> None:
    for name in named(assistant):
        assert name.isascii() and name.replace("_", "").isalnum(), f"{name!r} is not a picture name"


def test_foods_shown_with_another_foods_drawing_are_listed() -> None:
    """Like a known-failures file: the drawings still to make. A food that gets its own drawing, or
    a new food without one, changes the list."""
    listed = yaml.safe_load(BORROWED.read_text(encoding="utf-8"))["borrowed"]
    own = {p.stem for p in (ROOT / "skills" / "menu" / "pictures").glob("*.svg")}
    index = yaml.safe_load((ROOT / "skills" / "menu" / "pictures" / "index.yml").read_text(encoding="utf-8"))
    by_swedish = {entry["sv"].lower(): name for name, entry in index.items() if name in own}
    borrowed = {e.name: e.picture for e in Lexicon.load().foods if by_swedish.get(e.name) != e.picture}
    assert borrowed == listed, "update skills/menu/pictures/borrowed.yml: " + str(
        sorted(set(borrowed.items()) ^ set(listed.items())))
