"""Request size limits and the security headers of our own pages, as plain ASGI middleware."""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Recordings sent to /api/listen are up to 2 MB (the speech routes answer with their own message
# above that); everything else a tablet or a teacher sends is small.
LISTEN_LIMIT = 3 * 1024 * 1024
ADMIN_LIMIT = 64 * 1024
DEFAULT_LIMIT = 8 * 1024


def body_limit(path: str) -> int:
    """The largest request body accepted on `path`, in bytes."""
    if path == "/api/listen":
        return LISTEN_LIMIT
    if path.startswith("/admin"):
        return ADMIN_LIMIT
    return DEFAULT_LIMIT


class BodyLimit:
    """Refuses a request whose body is larger than its path allows, declared or streamed (413)."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int] = body_limit):
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(send, limit)
            return
        received = 0
        started = refused = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Answer now and tell the app the client is gone, whatever it does with the body.
                    refused = True
                    if not started:
                        await _refuse(send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except Exception:
            if not refused:
                raise


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"request larger than {limit} bytes"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


# Our pages load nothing from elsewhere and run no inline script; the API docs (/docs) are left alone.
_PAGE_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; media-src 'self' blob: data:; style-src 'self'; "
     b"script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class PageHeaders:
    """Adds a strict content security policy to the child's page and the admin pages."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not (path == "/" or path.startswith("/admin")):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += _PAGE_HEADERS
                if path.startswith("/admin"):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
