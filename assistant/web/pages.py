"""Rendering an admin page: the session's CSRF token, notes left for it, and the navigation, which
lists the engine's pages and every skill's."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from assistant.web.app import Web
from assistant.web.auth import AdminSession
from assistant.web.wording import Speaker, admin_language


def render(request: Request, web: Web, session: AdminSession, template: str, status: int = 200,
           **context: Any) -> HTMLResponse:
    """An admin page (a template that extends `admin_base.html`)."""
    notes, session.notes = session.notes, []
    assistant = web.assistant
    path = request.url.path
    # The navigation marks the one link the page is under (the longest: /admin/menu/week, not /admin/menu).
    under = [href for href, _ in web.nav if path == href or path.startswith(href.rstrip("/") + "/")]
    current = max(under, key=len, default=None)
    base = {"csrf": session.csrf, "notes": notes, "path": path, "nav": web.nav, "current": current,
            "preschool": assistant.config.preschool, "languages": list(assistant.config.languages),
            **wording(request, web)}
    return web.templates.TemplateResponse(request, template, {**base, **context}, status_code=status)


def teacher_words(request: Request, web: Web) -> Speaker:
    """`t("key", ...)`: the admin's texts in the language this teacher reads the admin in."""
    return web.words.speaker(admin_language(request, web.words, web.assistant.config.default_language))


def wording(request: Request, web: Web) -> dict[str, Any]:
    """What every admin template needs to speak the teacher's language: `t`, the language and the choice."""
    t = teacher_words(request, web)
    names = {code: web.words.say(code, "language_name") for code in web.words.languages}
    return {"t": t, "admin_lang": t.lang, "admin_langs": names}
