"""Who may see the admin pages: the session cookie, the login check and CSRF, as route dependencies."""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request, Response
from starlette.datastructures import FormData

from assistant.web.app import Web
from assistant.web.auth import AdminSession

COOKIE = "kompis_admin"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"


def current_session(request: Request, web: Web) -> AdminSession | None:
    """The browser's live admin session (logged in or not), if any."""
    return web.sessions.get(request.cookies.get(COOKIE))


def set_cookie(response: Response, request: Request, session: AdminSession) -> None:
    """Hand the session id to the browser: not readable by scripts, never sent from other sites."""
    response.set_cookie(COOKIE, session.id, httponly=True, samesite="strict", path="/admin",
                        secure=request.url.scheme == "https")


def _page_session(request: Request, web: Web) -> AdminSession:
    session = current_session(request, web)
    if session is None or not session.authenticated:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise HTTPException(303, "log in first", headers={"Location": f"/admin/login?next={quote(target)}"})
    return session


async def _changing_session(request: Request, web: Web) -> AdminSession:
    session = current_session(request, web)
    if session is None or not session.authenticated:
        raise HTTPException(401, "log in first")
    await check_csrf(request, session)
    return session


async def check_csrf(request: Request, session: AdminSession) -> None:
    """A change must carry the session's token: another site cannot know it (403 otherwise)."""
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get(CSRF_FIELD)
    if not isinstance(sent, str) or not hmac.compare_digest(sent, session.csrf):
        raise HTTPException(403, "the form is out of date: reload the page and try again")


async def guard(request: Request, web: Web) -> AdminSession:
    """For a skill's admin routes: a page needs a logged-in teacher, a change also the CSRF token."""
    if request.method in ("GET", "HEAD"):
        return _page_session(request, web)
    return await _changing_session(request, web)


async def _login_attempt(request: Request, web: Web) -> AdminSession | None:
    """The browser's session for a login, its CSRF token checked (None: no login form fetched)."""
    session = current_session(request, web)
    if session is not None:
        await check_csrf(request, session)
    return session


async def _submitted(request: Request) -> FormData:
    return await request.form()


PageSession = Annotated[AdminSession, Depends(_page_session)]
"""A logged-in teacher looking at a page (otherwise: to the login page)."""
ChangeSession = Annotated[AdminSession, Depends(_changing_session)]
"""A logged-in teacher changing something, with a valid CSRF token (otherwise 401 or 403)."""
LoginAttempt = Annotated[AdminSession | None, Depends(_login_attempt)]
"""A browser logging in with its form's CSRF token (None when it fetched no form)."""
Submitted = Annotated[FormData, Depends(_submitted)]
"""A form's fields, read before the route runs: routes that change things are plain functions,
so their work (the store, the network, hashing a password) runs off the event loop."""
