"""The SQLite file for what teachers edit and what was fetched: one file, WAL mode, thread-safe."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

_VERSIONS = """
CREATE TABLE IF NOT EXISTS versions (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL
)
"""
_CACHE = """
CREATE TABLE IF NOT EXISTS cache (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (namespace, key)
)
"""


class Store:
    """A small wrapper around one SQLite file; each skill creates the tables it owns."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        """The database file (":memory:" for a throw-away store)."""
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists() and not self.path.is_file():
                raise IsADirectoryError(errno.EISDIR, "not a file", str(self.path))
            # It holds the admin password's hash: readable by this user only (SQLite gives its
            # -wal and -shm files the same permissions).
            self.path.touch(mode=0o600, exist_ok=True)
            os.chmod(self.path, 0o600)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._db.execute(_CACHE)
            self._db.execute(_VERSIONS)

    def schema(self, statements: Iterable[str]) -> None:
        """Create a skill's tables (statements must be idempotent: CREATE ... IF NOT EXISTS)."""
        with self._lock:
            for statement in statements:
                self._db.execute(statement)

    def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one writing statement; returns the number of rows changed."""
        with self._lock:
            return self._db.execute(sql, tuple(params)).rowcount

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        """Run one statement for many rows, in one transaction."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany(sql, [tuple(r) for r in rows])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Everything done in the block is written whole or not at all (a crash, a kill -9 or an
        error mid-way leaves the store as it was)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def version(self, name: str) -> int:
        """How many times `name` (a thing teachers edit, e.g. a menu) has been saved."""
        rows = self.query("SELECT version FROM versions WHERE name = ?", (name,))
        return int(rows[0]["version"]) if rows else 0

    def bump(self, name: str) -> int:
        """Count one more save of `name` (inside the save's transaction); returns the new version."""
        self.execute("INSERT INTO versions (name, version) VALUES (?, 1) "
                     "ON CONFLICT(name) DO UPDATE SET version = version + 1", (name,))
        return self.version(name)

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Rows of a reading statement."""
        with self._lock:
            return self._db.execute(sql, tuple(params)).fetchall()

    def cache_put(self, namespace: str, key: str, value: Any, fetched_at: dt.datetime) -> None:
        """Keep a fetched value (JSON-serialisable) with the time it was fetched."""
        self.execute(
            "INSERT OR REPLACE INTO cache (namespace, key, value, fetched_at) VALUES (?, ?, ?, ?)",
            (namespace, key, json.dumps(value, ensure_ascii=False), fetched_at.isoformat()),
        )

    def cache_get(self, namespace: str, key: str) -> tuple[Any, dt.datetime] | None:
        """A kept value and when it was fetched, or None."""
        rows = self.query("SELECT value, fetched_at FROM cache WHERE namespace = ? AND key = ?",
                          (namespace, key))
        if not rows:
            return None
        return json.loads(rows[0]["value"]), dt.datetime.fromisoformat(rows[0]["fetched_at"])

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()
