"""Checks of what a request carries, shared by the routes: whole characters and sensible clocks."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from fastapi import HTTPException

if TYPE_CHECKING:
    from assistant.core import Assistant

EARLIEST, LATEST = dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1)
"""The clocks a request may fix: any other date is a mistake, and at the ends of the calendar
the time-zone arithmetic would overflow."""


def whole_characters(value: str) -> str:
    """Text without half a character (a lone UTF-16 surrogate cannot be answered, stored or sent)."""
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValueError("the text has a broken character (half of a UTF-16 pair)")
    return value


def sensible_clock(value: dt.datetime | None) -> dt.datetime | None:
    """A fixed clock between 2000 and 2100, or None."""
    if value is not None and not EARLIEST <= value.replace(tzinfo=None) < LATEST:
        raise ValueError("a fixed clock must be between 2000 and 2100")
    return value


def allowed_clock(assistant: Assistant, now: dt.datetime | None) -> dt.datetime | None:
    """A request's fixed clock, refused (422) unless the preschool allows it (`web.fixed_clock`):
    otherwise anyone could keep conversations "in the future" for ever."""
    if now is not None and not assistant.config.web.fixed_clock:
        raise HTTPException(422, "this assistant answers at its own time: `now` is allowed only with "
                                 "web.fixed_clock in assistant.yml")
    return now
