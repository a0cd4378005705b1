"""One spoken turn: audio in, transcript, the assistant's reply (shared by the CLI, the web and the kiosk)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assistant.core import Assistant
from assistant.speech import service_for
from assistant.speech.audio import Clip
from assistant.turn import Query, Reply


@dataclass
class Heard:
    """A spoken question and its answer."""

    transcript: str
    """What the recogniser heard (empty when it understood nothing)."""
    reply: Reply
    """The assistant's answer to it."""


def answer_clip(assistant: Assistant, clip: Clip, lang: str | None, session_id: str,
                now: dt.datetime | None = None, refresh: bool = False) -> Heard:
    """Hear `clip` in `lang` (the default language when None) and answer it; with `refresh` (a
    one-shot command, never a web request) the answering skill fetches what it lacks first.

    Nothing is written down: the recording is kept only with `privacy.keep_audio`, and the
    transcript is logged by the assistant only with `privacy.log_transcripts`.
    """
    service = service_for(assistant)
    lang = assistant.language(lang)
    recognizer = service.recognition.recognizer(lang)  # an unusable setup is reported even for silence
    speech = service.take(clip, lang)
    transcript = recognizer.transcribe(speech) if len(speech.samples) else ""
    # Nothing understood is still a question: the child hears the kind "I don't know" answer.
    query = Query(transcript, lang, session_id, now)
    if refresh:
        skill = assistant.skill_for(query)
        assistant.prepare(now, assistant.registry.refreshing(skill) if skill else [])
    return Heard(transcript, assistant.handle(query))
