"""HTTP routes for speech: POST /api/listen (a spoken question) and GET /api/speech/<id> (an answer)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from assistant.core import Assistant
from assistant.speech import service_for
from assistant.speech.audio import AudioFormatError, read_wav, wav_info
from assistant.speech.errors import SpeechError
from assistant.speech.turn import answer_clip

MAX_BYTES = 2 * 1024 * 1024
"""The largest recording accepted (15 s of 16-bit mono at 48 kHz is 1.4 MB)."""
MAX_SECONDS = 15.0
"""The longest recording accepted."""
WAV_TYPES = {"audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "application/octet-stream"}


def speech_router(assistant: Assistant) -> APIRouter:
    """The speech routes of the web app."""
    router = APIRouter()
    service = service_for(assistant)

    @router.post(
        "/api/listen",
        summary="Answer a spoken question",
        openapi_extra={"requestBody": {"required": True, "content": {"audio/wav": {
            "schema": {"type": "string", "format": "binary"}}}}},
        responses={413: {"description": "longer than 15 s or larger than 2 MB"},
                   415: {"description": "not a 16-bit PCM WAV file"},
                   422: {"description": "unknown language, or no recogniser for it"}},
    )
    async def listen(
        request: Request,
        lang: Annotated[str | None, Query(description="Language of the question.")] = None,
        session_id: Annotated[str, Query(max_length=100, description="The conversation.")] = "tablet",
        now: Annotated[dt.datetime | None, Query(description="A fixed clock, for trying out.")] = None,
    ) -> dict:
        """Takes a 16-bit PCM WAV body (≤ 15 s, ≤ 2 MB); returns the transcript, the reply and its audio."""
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind and kind not in WAV_TYPES:
            raise HTTPException(415, f"send the recording as audio/wav, not {kind}")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BYTES:
            raise HTTPException(413, f"the recording is larger than {MAX_BYTES // 2**20} MB")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BYTES:
                raise HTTPException(413, f"the recording is larger than {MAX_BYTES // 2**20} MB")
        if lang and lang not in assistant.config.languages:
            raise HTTPException(422, f"language {lang!r} is not offered here")
        try:
            _, _, _, seconds = wav_info(bytes(body))
            if seconds > MAX_SECONDS:
                raise HTTPException(413, f"the recording is {seconds:.1f} s long; at most "
                                         f"{MAX_SECONDS:g} s are heard")
            clip = read_wav(bytes(body))
        except AudioFormatError as exc:
            raise HTTPException(415, f"{exc.message}; send 16-bit PCM WAV") from None
        if clip.seconds < 0.1:
            raise HTTPException(422, "the recording is empty")
        try:
            heard = await run_in_threadpool(answer_clip, assistant, clip, lang, session_id, now)
        except SpeechError as exc:
            raise HTTPException(422, exc.message) from None
        reply = heard.reply.to_json()
        audio = await run_in_threadpool(service.say, heard.reply.speech, heard.reply.lang)
        reply["audio"] = audio.to_json()
        return {"transcript": heard.transcript, "reply": reply, "audio": audio.to_json()}

    @router.get("/api/speech/{audio_id}", summary="A spoken answer (WAV)",
                response_class=FileResponse, responses={404: {"description": "no such answer"}})
    def speech(audio_id: str) -> FileResponse:
        """Serves a spoken answer made earlier; the id changes with the words, so it may be cached."""
        path = service.audio_path(audio_id)
        if path is None:
            raise HTTPException(404, "no spoken answer with this id (it may have been cleared)")
        return FileResponse(path, media_type="audio/wav",
                            headers={"Cache-Control": "public, max-age=604800, immutable"})

    return router
