"""The web server for the tablet: a child's page of picture tiles and a JSON API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from assistant.core import Assistant, Query
from assistant.web.speech_routes import speech_router

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
MAX_BODY = 4096
# The tiles a child can tap, each asking a question a skill answers.
TILES = [("menu", "🍽️"), ("weather", "🌦️"), ("clothing", "🧥"), ("time", "🕘"), ("date", "📅")]


class AskRequest(BaseModel):
    text: str = Field(min_length=1, max_length=500, description="The question.")
    lang: str | None = Field(None, description="Language code; the default language if empty.")
    session_id: str = Field("tablet", max_length=100, description="The conversation.")
    now: dt.datetime | None = Field(None, description="A fixed clock, for trying things out.")


def create_app(assistant: Assistant) -> FastAPI:
    """The FastAPI application around one running assistant."""
    app = FastAPI(title="Preschool assistant", version="0.1.0")
    app.include_router(speech_router(assistant))

    @app.middleware("http")
    async def limit_size(request: Request, call_next):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY:
            from fastapi.responses import JSONResponse

            return JSONResponse({"detail": f"request larger than {MAX_BODY} bytes"}, 413)
        return await call_next(request)

    @app.get("/api/health")
    def health() -> dict:
        return {"status": "ok", "languages": assistant.nlu.languages,
                "skills": [s.name for s in assistant.registry.skills]}

    @app.post("/api/ask")
    def ask(body: AskRequest) -> dict:
        if body.lang and body.lang not in assistant.nlu.models:
            raise HTTPException(422, f"language {body.lang!r} is not offered here")
        reply = assistant.handle(Query(body.text, body.lang, body.session_id, body.now))
        return reply.to_json()

    @app.get("/", response_class=HTMLResponse)
    def child_page(request: Request, lang: str | None = None):
        lang = assistant.language(lang)
        tiles = [
            {"intent": intent, "picture": picture,
             "question": assistant.responses.render(f"suggest_{intent}", {}, lang).text}
            for intent, picture in TILES
            if assistant.responses.has(f"suggest_{intent}", lang)
        ]
        context = {"lang": lang, "languages": assistant.nlu.languages, "tiles": tiles,
                   "name": assistant.config.preschool.assistant_name}
        return TEMPLATES.TemplateResponse(request, "child.html", context)

    return app
