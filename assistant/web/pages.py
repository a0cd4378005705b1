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
    base = {"csrf": session.csrf, "notes": notes, "path": request.url.path, "nav": web.nav,
            "preschool": assistant.config.preschool, "languages": list(assistant.config.languages)}
    return web.templates.TemplateResponse(request, template, {**base, **context}, status_code=status)
