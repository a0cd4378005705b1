"""The child's page (/): the character, a speech bubble, picture tiles and a talk button."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from assistant.core import Assistant
from assistant.web.app import Web, route_table
from assistant.web.languages import LanguageChoice, language_choice

WELCOME = "welcome"
MIC_OFF = "mic_off"
SORRY = "skill_error"
STATIC = Path(__file__).parent / "static"
log = logging.getLogger(__name__)


def tiles(assistant: Assistant, lang: str, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """The tiles of the start screen: every installed skill's, each with the question it asks in
    `lang` (a tap sends the tile's intent and entities, not the words), and the picture its skill
    gives it now (the weather tile shows the sky outside)."""
    now = now or assistant.now()
    found = []
    for tile in assistant.tiles(lang):
        picture = tile.picture
        skill = assistant.registry.for_intent(tile.intent)
        try:
            picture = (skill.tile_picture(tile, now) if skill else None) or tile.picture
        except Exception:
            log.exception("the %s tile's picture failed; its own is shown", tile.intent)
        found.append({"intent": tile.intent, "picture": picture,
                      "picture_url": assistant.pictures.url(picture), "entities": dict(tile.entities),
                      "question": assistant.responses.render(f"suggest_{tile.intent}", {}, lang).text})
    return found


def languages(assistant: Assistant) -> list[LanguageChoice]:
    """The languages a child can switch to: those the preschool offers."""
    overrides = tuple(sorted(assistant.config.locales.items()))
    return [language_choice(code, overrides) for code in assistant.config.languages]


def sentence(assistant: Assistant, key: str, lang: str) -> dict[str, str] | None:
    """One of the engine's own sentences (`nlu_data/<lang>/_common.yml`), shown and spoken."""
    if not assistant.responses.has(key, lang):
        return None
    preschool = assistant.config.preschool
    values = {"assistant_name": preschool.assistant_name, "preschool_name": preschool.name}
    rendered = assistant.responses.render(key, values, lang)
    return {"text": rendered.text, "speech": rendered.speech}


def sorry(assistant: Assistant, lang: str) -> dict[str, str]:
    """What the page says when the server cannot be reached: the engine's kind error sentence,
    with the address of its audio (the page fetches it at once, to have it when offline)."""
    found = sentence(assistant, SORRY, lang) or {"text": "", "speech": ""}
    audio = assistant.speech.say(found["speech"], lang) if found["speech"] else None
    return {"text": found["text"], "audio": (audio.url if audio else None) or ""}


def can_listen(request: Request, assistant: Assistant, lang: str) -> bool:
    """Whether the talk button can work in `lang`: recognition is on, its route is served, and an
    engine has a model for the language (pocketsphinx knows only English unless given one)."""
    served = any(path == "/api/listen" for path, _ in route_table(request.app.routes))
    if not served or assistant.config.voice.stt == "off":
        return False
    return assistant.speech.can_hear(lang)


def child_router() -> APIRouter:
    """The child's page."""
    router = APIRouter(include_in_schema=False)

    @router.get("/sw.js")
    def service_worker() -> FileResponse:
        """The tablet's service worker (assistant/web/static/sw.js), at the root so that it may
        keep the child's page for when the server is gone."""
        return FileResponse(STATIC / "sw.js", media_type="text/javascript",
                            headers={"Cache-Control": "no-cache"})

    @router.get("/", response_class=HTMLResponse)
    def child_page(request: Request, web: Web, lang: str | None = None,
                   now: dt.datetime | None = None):
        """`?lang=` picks the language; `?now=` fixes the clock (a teacher previewing a day)."""
        assistant = web.assistant
        lang = assistant.language(lang)
        choices = languages(assistant)
        current = next((c for c in choices if c.code == lang), None)
        context = {
            "lang": lang,
            "direction": current.direction if current else "ltr",
            "languages": choices,
            "current": current,
            "default_lang": assistant.config.default_language,
            "tiles": tiles(assistant, lang, assistant.localize(now)
                           if now and assistant.config.web.fixed_clock else None),
            "welcome": sentence(assistant, WELCOME, lang),
            "mic_off": sentence(assistant, MIC_OFF, lang),
            "sorry": sorry(assistant, lang),
            "home_label": (sentence(assistant, "button_home", lang) or {}).get("text", ""),
            "talk_label": (sentence(assistant, "button_talk", lang) or {}).get("text", ""),
            "listen": can_listen(request, assistant, lang),
            "idle_seconds": assistant.config.web.idle_seconds,
            "wait_while_speaking": assistant.config.web.wait_while_speaking,
            # A teacher's preview of another day, where the preschool allows a fixed clock.
            "now": now.isoformat() if now and assistant.config.web.fixed_clock else "",
            "name": assistant.config.preschool.assistant_name,
        }
        return web.templates.TemplateResponse(request, "child.html", context)

    return router
