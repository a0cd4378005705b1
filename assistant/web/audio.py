"""The spoken form of an answer for the reply JSON; a failing voice never costs the child the answer."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from assistant.core import Assistant
from assistant.speech import service_for

log = logging.getLogger(__name__)


def audio_for(assistant: Assistant, text: str, lang: str) -> dict[str, Any] | None:
    """`{"url": ...}` (and whatever else the speech service tells) for `text`; None if unspeakable.

    A failing voice must never cost the child the answer itself, so every error ends in None.
    """
    if not text.strip():
        return None
    try:
        result = service_for(assistant).say(text, lang)
    except Exception:
        log.exception("speaking failed (%s)", lang)
        return None
    return _as_json(result)


def _as_json(result: Any) -> dict[str, Any] | None:
    if result is None:
        return None
    if hasattr(result, "to_json"):
        result = result.to_json()
    elif dataclasses.is_dataclass(result) and not isinstance(result, type):
        result = dataclasses.asdict(result)
    elif isinstance(result, str):
        result = {"url": result}
    if not isinstance(result, dict):
        return None
    return {key: value for key, value in result.items()
            if isinstance(value, str | int | float | bool | type(None))}
