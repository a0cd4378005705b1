"""Rendering an admin page: the session's CSRF token, notes left for it, and the navigation, which
lists the engine's pages and every skill's."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from assistant.web.app import Web
from assistant.web.auth import AdminSession


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
            "preschool": assistant.config.preschool, "languages": list(assistant.config.languages)}
    return web.templates.TemplateResponse(request, template, {**base, **context}, status_code=status)
