"""Teachers' login: the password hash, server-side sessions with CSRF tokens, and a brake on guessing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.store import Store

# scrypt's cost: about 50 ms and 16 MB per check, slow enough to make guessing from a stolen file costly.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_TABLE = """
CREATE TABLE IF NOT EXISTS admin_password (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    hash TEXT NOT NULL,
    set_at REAL NOT NULL
)
"""
MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    """A salted scrypt hash, as `scrypt$n$r$p$salt$hash` (base64)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT, dklen=32)
    encode = base64.b64encode
    return (f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}$"
            f"{encode(salt).decode()}${encode(digest).decode()}")


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches a hash made by `hash_password`."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


class PasswordStore:
    """The one admin password's hash, kept in the preschool's SQLite file (never the password)."""

    def __init__(self, store: Store):
        self.store = store
        store.schema([_TABLE])

    def is_set(self) -> bool:
        """Whether a teacher has set a password yet."""
        return bool(self.store.query("SELECT 1 FROM admin_password WHERE id = 1"))

    def set(self, password: str) -> None:
        """Replace the password."""
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
        self.store.execute("INSERT OR REPLACE INTO admin_password (id, hash, set_at) VALUES (1, ?, ?)",
                           (hash_password(password), time.time()))

    def check(self, password: str) -> bool:
        """Whether `password` is the admin password (False when none is set)."""
        rows = self.store.query("SELECT hash FROM admin_password WHERE id = 1")
        return bool(rows) and verify_password(password, rows[0]["hash"])


@dataclass
class AdminSession:
    """One browser's session with the admin pages."""

    id: str
    """The random cookie value."""
    csrf: str
    """The token every form and API call of this session must send back."""
    authenticated: bool
    """Whether the teacher has logged in (an anonymous session only carries the login form's token)."""
    last_seen: float
    """Monotonic time of the last request, for the idle timeout."""
    started: float = 0.0
    """Monotonic time it began, for the absolute lifetime."""
    notes: list[str] = field(default_factory=list)
    """Messages to show once on the next page (e.g. "Saved")."""


LIFETIME_SECONDS = 12 * 3600.0
"""However active, a teacher logs in again after this (a day's work)."""


class Sessions:
    """Server-side sessions: only a random id travels in the cookie; all of them end on restart.

    Anonymous sessions (a login form fetched) and teachers' sessions are kept apart: anyone can
    make the first kind by the thousand, so they are capped on their own and can never push a
    logged-in teacher out. Every session also ends after an absolute lifetime."""

    def __init__(self, timeout_seconds: Callable[[], float], clock: Callable[[], float] = time.monotonic,
                 limit: int = 1000, lifetime_seconds: float = LIFETIME_SECONDS):
        self.timeout_seconds = timeout_seconds
        self.clock = clock
        self.limit = limit
        """The most anonymous sessions kept (and, separately, the most teachers' sessions)."""
        self.lifetime_seconds = lifetime_seconds
        self._sessions: dict[str, AdminSession] = {}
        self._lock = threading.Lock()

    def new(self, authenticated: bool = False) -> AdminSession:
        """Start a session (a fresh id, so a login never keeps a pre-login id)."""
        now = self.clock()
        session = AdminSession(secrets.token_urlsafe(32), secrets.token_urlsafe(32), authenticated, now, now)
        with self._lock:
            self._expire()
            same_kind = [s for s in self._sessions.values() if s.authenticated == authenticated]
            if len(same_kind) >= self.limit:
                # Only a session of the same kind makes room: the oldest anonymous one for a new
                # anonymous one, the longest-idle teacher's for a new login.
                oldest = min(same_kind, key=lambda s: s.last_seen)
                del self._sessions[oldest.id]
            self._sessions[session.id] = session
        return session

    def get(self, session_id: str | None) -> AdminSession | None:
        """The live session with this id (its idle clock restarts), or None when unknown or expired."""
        if not session_id:
            return None
        now = self.clock()
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return None
            if self._over(session, now):
                del self._sessions[session_id]
                return None
            session.last_seen = now
            return session

    def drop(self, session_id: str) -> None:
        """End a session (logout)."""
        with self._lock:
            self._sessions.pop(session_id, None)

    def _over(self, session: AdminSession, now: float) -> bool:
        return (now - session.last_seen > self.timeout_seconds()
                or now - session.started > self.lifetime_seconds)

    def _expire(self) -> None:
        now = self.clock()
        for key in [k for k, s in self._sessions.items() if self._over(s, now)]:
            del self._sessions[key]


class LoginLimiter:
    """Counts wrong passwords per client; after too many, logins from it wait out a lockout."""

    def __init__(self, attempts: Callable[[], int], window_seconds: Callable[[], float],
                 clock: Callable[[], float] = time.monotonic):
        self.attempts = attempts
        self.window_seconds = window_seconds
        self.clock = clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, client: str) -> float:
        """Seconds until `client` may try again (0 when it may try now)."""
        with self._lock:
            recent = self._recent(client)
            if len(recent) < self.attempts():
                return 0.0
            return max(0.0, recent[0] + self.window_seconds() - self.clock())

    def failed(self, client: str) -> None:
        """Record a wrong password."""
        with self._lock:
            self._recent(client).append(self.clock())

    def succeeded(self, client: str) -> None:
        """A right password clears the count."""
        with self._lock:
            self._failures.pop(client, None)

    def _recent(self, client: str) -> list[float]:
        cutoff = self.clock() - self.window_seconds()
        recent = [t for t in self._failures.get(client, []) if t > cutoff]
        self._failures[client] = recent
        return recent
