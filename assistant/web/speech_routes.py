"""HTTP routes for speech (POST /api/listen, GET /api/speech/<id>); filled in by the speech work."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.core import Assistant


def speech_router(assistant: Assistant) -> APIRouter:
    """The speech routes of the web app."""
    return APIRouter()
