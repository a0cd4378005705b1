"""The JSON API the tablet uses: ask a question, hear a word, check the server is alive."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field, field_validator, model_validator

from assistant.core import Assistant
from assistant.turn import Query
from assistant.web.app import Web
from assistant.web.audio import audio_for
from assistant.web.checks import allowed_clock, sensible_clock, whole_characters


class AskRequest(BaseModel):
    """A question, as the tablet (or any client) sends it: its words, or a tapped tile's intent."""

    text: str = Field("", max_length=500, description="The question (what was said or typed).")
    intent: str | None = Field(None, max_length=60, pattern=r"^[a-z_]+$",
                               description="A tapped question's intent: answered as such, not guessed.")
    entities: dict[str, str] = Field({}, max_length=8,
                                     description="A tapped question's entities, e.g. {\"day\": \"today\"}.")
    lang: str | None = Field(None, description="Language code; the default language if empty.")
    session_id: str = Field("tablet", max_length=100, description="The conversation.")
    now: dt.datetime | None = Field(None, description="A fixed clock, for trying things out "
                                                      "(only where `web.fixed_clock` allows it).")

    @field_validator("text", "session_id")
    @classmethod
    def _whole_characters(cls, value: str) -> str:
        return whole_characters(value)

    @field_validator("entities")
    @classmethod
    def _whole_entities(cls, value: dict[str, str]) -> dict[str, str]:
        for key, entity in value.items():
            whole_characters(key)
            whole_characters(entity)
        return value

    @field_validator("now")
    @classmethod
    def _sensible_clock(cls, value: dt.datetime | None) -> dt.datetime | None:
        return sensible_clock(value)

    @model_validator(mode="after")
    def _something_asked(self) -> AskRequest:
        if not self.text.strip() and not self.intent:
            raise ValueError("send the question's `text`, or a tapped question's `intent`")
        return self


class SayRequest(BaseModel):
    """A word or a short label to be spoken (a tapped picture says its name)."""

    text: str = Field(min_length=1, max_length=120, description="What to say.")
    lang: str | None = Field(None, description="Language code; the default language if empty.")

    @field_validator("text")
    @classmethod
    def _whole_characters(cls, value: str) -> str:
        return whole_characters(value)


def offered_language(assistant: Assistant, lang: str | None) -> str:
    """The language to use; refuses one the preschool does not offer (422)."""
    if lang and lang not in assistant.config.languages:
        raise HTTPException(422, f"language {lang!r} is not offered here")
    return assistant.language(lang)


def answer(assistant: Assistant, query: Query) -> dict[str, Any]:
    """The reply JSON of DESIGN §4, with `audio` (its `url` to play) when speech is installed."""
    reply = assistant.handle(query)
    body = reply.to_json()
    body["audio"] = audio_for(assistant, reply.speech, reply.lang)
    return body


def api_router() -> APIRouter:
    """Routes under /api (the speech routes are added by speech_routes.py)."""
    router = APIRouter(prefix="/api", tags=["tablet"])

    @router.get("/health")
    def health(web: Web) -> dict:
        """Whether the server runs, which languages it understands, which skills answer, and per
        language which voices speak it (or why none does) and whether it can be heard."""
        assistant = web.assistant
        languages = list(assistant.config.languages)
        return {"status": "ok", "languages": languages,
                "skills": [s.name for s in assistant.registry.skills],
                "speech": assistant.speech.status(languages)}

    @router.post("/ask")
    def ask(body: AskRequest, web: Web) -> dict:
        """Answer one question: shown text, spoken text, intent, entities, the picture card, audio."""
        lang = offered_language(web.assistant, body.lang)
        if body.intent and web.assistant.registry.for_intent(body.intent) is None:
            raise HTTPException(422, f"no installed skill answers the intent {body.intent!r}")
        now = allowed_clock(web.assistant, body.now)
        return answer(web.assistant, Query(body.text, lang, body.session_id, now,
                                           body.intent, dict(body.entities)))

    @router.post("/say")
    def say(body: SayRequest, web: Web) -> dict:
        """The audio of one short label (a tapped picture). `audio` is null without a voice."""
        lang = offered_language(web.assistant, body.lang)
        return {"lang": lang, "text": body.text, "audio": audio_for(web.assistant, body.text, lang)}

    return router
