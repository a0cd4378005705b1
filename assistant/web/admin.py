"""The teachers' admin (/admin): login, logout, settings and the "try it" box, and every skill's
own pages (mounted at /admin/<skill>, always behind the login and the CSRF check)."""

from __future__ import annotations

import math

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field, field_validator

from assistant.skills import AdminPages
from assistant.turn import Query
from assistant.web.admin_auth import (
    COOKIE,
    ChangeSession,
    LoginAttempt,
    PageSession,
    current_session,
    guard,
    set_cookie,
)
from assistant.web.api import answer, offered_language
from assistant.web.app import Web
from assistant.web.auth import AdminSession
from assistant.web.checks import whole_characters
from assistant.web.pages import render, teacher_words, wording
from assistant.web.wording import COOKIE as LANGUAGE_COOKIE

SETTINGS = "/admin/settings"


class TryRequest(BaseModel):
    """A question typed into the admin's "try it" box."""

    text: str = Field(min_length=1, max_length=500, description="The question, as a child would ask.")
    lang: str | None = Field(None, description="The language to ask in.")

    @field_validator("text")
    @classmethod
    def _whole_characters(cls, value: str) -> str:
        return whole_characters(value)


def _safe_next(target: str | None, home: str) -> str:
    # Only back into the admin: a login link must not send the teacher to another site.
    if target and target.startswith("/admin/") and not target.startswith("/admin/login"):
        return target
    return home


def admin_router(pages: dict[str, AdminPages] | None = None) -> APIRouter:
    """Every /admin route; each one but the login needs a logged-in session. The first page in
    the navigation (a skill's, else the settings) is the admin's home."""
    from assistant.web.admin_settings import settings_routes

    pages = pages or {}
    home = next((f"/admin/{name}{p.links[0][0]}" for name, p in pages.items() if p.links), SETTINGS)
    router = APIRouter(prefix="/admin", include_in_schema=False)

    @router.get("/login", response_class=HTMLResponse)
    def login_page(request: Request, web: Web, next: str | None = None):
        session = current_session(request, web)
        if session and session.authenticated:
            return RedirectResponse(_safe_next(next, home), 303)
        session = session or web.sessions.new()
        response = _login_form(request, web, session, next)
        set_cookie(response, request, session)
        return response

    @router.post("/login", response_class=HTMLResponse)
    def login(request: Request, web: Web, session: LoginAttempt, password: str = Form("", max_length=200),
              next: str | None = Form(None)):
        # A plain function: checking the password (scrypt, ~0.1 s) runs off the event loop.
        if session is None:
            # No form was fetched first (or it expired): start over with a fresh token.
            return RedirectResponse("/admin/login", 303)
        client = request.client.host if request.client else "?"
        wait = web.limiter.wait_seconds(client)
        t = teacher_words(request, web)
        if wait > 0:
            return _login_form(request, web, session, next, 429,
                               t.count("too_many", math.ceil(wait / 60), minutes=math.ceil(wait / 60)))
        if not web.passwords.check(password):
            web.limiter.failed(client)
            return _login_form(request, web, session, next, 401, t("wrong_password"))
        web.limiter.succeeded(client)
        web.sessions.drop(session.id)
        teacher = web.sessions.new(authenticated=True)
        response = RedirectResponse(_safe_next(next, home), 303)
        set_cookie(response, request, teacher)
        return response

    @router.get("/language")
    def choose_language(request: Request, web: Web, lang: str = "", next: str | None = None):
        # Only a preference (which words the admin shows), so it needs no login: the login page has it too.
        target = next if next and next.startswith("/admin/") else home
        response = RedirectResponse(target, 303)
        if lang in web.words.languages:
            response.set_cookie(LANGUAGE_COOKIE, lang, max_age=365 * 24 * 3600, path="/admin",
                                samesite="strict", httponly=True, secure=request.url.scheme == "https")
        return response

    @router.post("/logout")
    def logout(request: Request, web: Web, session: ChangeSession):
        web.sessions.drop(session.id)
        response = RedirectResponse("/admin/login", 303)
        response.delete_cookie(COOKIE, path="/admin")
        return response

    @router.get("", response_class=HTMLResponse)
    @router.get("/", response_class=HTMLResponse)
    def admin_home(session: PageSession):
        return RedirectResponse(home, 303)

    @router.get("/try", response_class=HTMLResponse)
    def try_page(request: Request, web: Web, session: PageSession):
        return render(request, web, session, "admin_try.html", title="try_title")

    @router.post("/api/try")
    def try_it(body: TryRequest, web: Web, session: ChangeSession) -> dict:
        lang = offered_language(web.assistant, body.lang)
        # Its own conversation per teacher, so follow-ups ("and tomorrow?") work as for a child.
        return answer(web.assistant, Query(body.text, lang, f"admin-{session.id[:12]}"))

    settings_routes(router)
    for name, found in pages.items():
        # A skill's pages are behind the login and the CSRF check whatever its routes declare.
        router.include_router(found.router, prefix=f"/{name}", dependencies=[Depends(guard)])
    return router


def _login_form(request: Request, web: Web, session: AdminSession, next: str | None, status: int = 200,
                error: str = "") -> HTMLResponse:
    context = {"csrf": session.csrf, "next": next or "", "error": error,
               "password_set": web.passwords.is_set(), "preschool": web.assistant.config.preschool,
               "notes": [], "path": request.url.path, "nav": [], **wording(request, web)}
    return web.templates.TemplateResponse(request, "admin_login.html", context, status_code=status)
