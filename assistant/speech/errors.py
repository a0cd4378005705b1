"""The one error type of the speech package."""

from __future__ import annotations

from assistant.errors import AssistantError


class SpeechError(AssistantError):
    """Speech could not be made or understood (a missing engine, model, sound card or bad audio)."""
