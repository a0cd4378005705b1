"""The web server for the tablet: the child's page, the teachers' admin and the JSON API (FastAPI)."""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # FastAPI is imported only by what serves pages, not by commands that merely use the admin's
    # password store (`assistant admin set-password`).
    if name == "create_app":
        from assistant.web.app import create_app

        return create_app
    raise AttributeError(name)
