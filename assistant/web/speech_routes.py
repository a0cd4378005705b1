"""HTTP routes for speech: POST /api/listen (a spoken question) and GET /api/speech/<id> (an answer)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from assistant.core import Assistant
from assistant.speech import service_for
from assistant.speech.audio import AudioFormatError, Clip, read_wav, wav_info
from assistant.speech.errors import SpeechError
from assistant.speech.listening import Busy, ListeningPool
from assistant.turn import Query as Question
from assistant.web.checks import allowed_clock, sensible_clock

MAX_BYTES = 2 * 1024 * 1024
"""The largest recording accepted (15 s of 16-bit mono at 48 kHz is 1.4 MB)."""
MAX_SECONDS = 15.0
"""The longest recording accepted."""
MIN_SECONDS = 0.3
"""Shorter than this is a tap on the button, not a question."""
MIN_RATE = 16000
"""Recognisers hear 16 kHz; less (telephone-quality 8 kHz) is refused rather than misheard."""
WAV_TYPES = {"audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "application/octet-stream"}
def speech_router(assistant: Assistant, pool: ListeningPool) -> APIRouter:
    """The speech routes of the web app; recordings are heard in `pool`'s worker processes."""
    router = APIRouter()
    service = service_for(assistant)

    @router.post(
        "/api/listen",
        summary="Answer a spoken question",
        openapi_extra={"requestBody": {"required": True, "content": {"audio/wav": {
            "schema": {"type": "string", "format": "binary"}}}}},
        responses={413: {"description": "longer than 15 s or larger than 2 MB"},
                   415: {"description": "not a 16-bit PCM WAV file"},
                   422: {"description": "unknown language, no recogniser for it, or not audio a "
                                        "recogniser can hear (under 16 kHz, under 0.3 s)"},
                   503: {"description": "every listener is busy: try again in a moment"}},
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
        clip = _readable(bytes(body))
        lang = assistant.language(lang)
        now = allowed_clock(assistant, _checked_clock(now))
        try:
            listener = service.recognition.listener(lang)
            speech = service.take(clip, lang)
            transcript = await pool.hear(listener, speech) if len(speech.samples) else ""
        except Busy:
            raise HTTPException(503, "every listener is busy: try again in a moment, or tap a picture",
                                headers={"Retry-After": "2"}) from None
        except SpeechError as exc:
            raise HTTPException(422, exc.message) from None
        answered = await run_in_threadpool(assistant.handle, Question(transcript, lang, session_id, now))
        reply = answered.to_json()
        audio = await run_in_threadpool(service.say, answered.speech, answered.lang)
        reply["audio"] = audio.to_json()
        return {"transcript": transcript, "reply": reply, "audio": audio.to_json()}

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


def _checked_clock(now: dt.datetime | None) -> dt.datetime | None:
    try:
        return sensible_clock(now)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


def _readable(body: bytes) -> Clip:
    """The recording as a clip, or the 4xx that says why it cannot be heard. Its length is that of
    the samples themselves (a header can claim anything), checked before anything is resampled."""
    try:
        _, _, _, seconds = wav_info(body)
        if seconds > MAX_SECONDS:
            raise HTTPException(413, f"the recording is {seconds:.1f} s long; at most {MAX_SECONDS:g} s "
                                     "are heard")
        clip = read_wav(body)
    except AudioFormatError as exc:
        raise HTTPException(415, f"{exc.message}; send 16-bit PCM WAV") from None
    if clip.seconds > MAX_SECONDS:
        raise HTTPException(413, f"the recording is {clip.seconds:.1f} s long; at most {MAX_SECONDS:g} s "
                                 "are heard")
    if clip.rate < MIN_RATE:
        raise HTTPException(422, f"the recording is at {clip.rate} Hz; send at least {MIN_RATE} Hz")
    if clip.seconds < MIN_SECONDS:
        raise HTTPException(422, f"the recording is {clip.seconds:.2f} s long; a question takes at least "
                                 f"{MIN_SECONDS:g} s")
    return clip
