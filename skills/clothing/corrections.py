"""Teachers' corrections of the advice, kept in SQLite per weather condition (all of them, newest wins)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from assistant.store import Store

_SCHEMA = """
CREATE TABLE IF NOT EXISTS clothing_corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    condition TEXT NOT NULL,
    garments TEXT NOT NULL,
    created TEXT NOT NULL
)
"""
_INDEX = ("CREATE INDEX IF NOT EXISTS clothing_corrections_by_condition "
          "ON clothing_corrections (condition, created)")


@dataclass
class Correction:
    """A teacher's choice of garments for one weather condition."""

    id: int
    """Its number (to remove it)."""
    condition: str
    """The weather condition it is for (`cold`, `cool_and_rainy` …)."""
    garments: list[str]
    """Garment ids, in dressing order."""
    created: dt.datetime
    """When the teacher made it (the preschool's time zone)."""


class Corrections:
    """The corrections table."""

    def __init__(self, store: Store, tz: dt.tzinfo):
        self.store = store
        self.tz = tz
        store.schema([_SCHEMA, _INDEX])

    def add(self, condition: str, garments: list[str], now: dt.datetime) -> Correction:
        """Keep a correction made at `now`."""
        created = _utc(now)
        rows = self.store.query("INSERT INTO clothing_corrections (condition, garments, created) "
                                "VALUES (?, ?, ?) RETURNING *", (condition, json.dumps(garments), created))
        return self._record(rows[0])

    def all(self) -> list[Correction]:
        """Every correction, newest first."""
        rows = self.store.query("SELECT * FROM clothing_corrections ORDER BY created DESC, id DESC")
        return [self._record(row) for row in rows]

    def remove(self, correction_id: int) -> None:
        """Forget one correction (nothing happens if it is already gone)."""
        self.store.execute("DELETE FROM clothing_corrections WHERE id = ?", (int(correction_id),))

    def newest(self, condition: str, now: dt.datetime, max_age: dt.timedelta | None) -> Correction | None:
        """The newest correction for `condition` made by `now` and not older than `max_age`."""
        oldest = _utc(now - max_age) if max_age is not None else ""
        rows = self.store.query(
            "SELECT * FROM clothing_corrections WHERE condition = ? AND created <= ? AND created >= ? "
            "ORDER BY created DESC, id DESC LIMIT 1", (condition, _utc(now), oldest))
        return self._record(rows[0]) if rows else None

    def _record(self, row) -> Correction:
        created = dt.datetime.fromisoformat(row["created"]).astimezone(self.tz)
        return Correction(row["id"], row["condition"], json.loads(row["garments"]), created)


def _utc(moment: dt.datetime) -> str:
    # Stored in UTC with a fixed width, so text order is time order across daylight-saving changes.
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
