"""Spoken answers on disk, keyed by engine, voice, language and text, so an answer is made once."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

_ID = re.compile(r"^[0-9a-f]{32}$")


def audio_id(engine: str, voice: str, lang: str, text: str) -> str:
    """The cache key of one spoken text: safe in a file name and in a URL."""
    key = json.dumps([engine, voice, lang, text], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


class AudioCache:
    """A folder of WAV files named by their key; the oldest go when it grows past its limit."""

    def __init__(self, folder: Path, max_bytes: int | Callable[[], int]):
        self.folder = Path(folder)
        """Where the files are (created on the first write)."""
        self._max_bytes = max_bytes if callable(max_bytes) else (lambda: max_bytes)
        self._lock = threading.Lock()
        self._writes = 0

    @property
    def max_bytes(self) -> int:
        """The most the folder may hold (the setting as it is now)."""
        return self._max_bytes()

    def path(self, key: str) -> Path | None:
        """The file of `key` if it is cached; None for unknown or malformed keys."""
        if not _ID.match(key):
            return None
        path = self.folder / f"{key}.wav"
        return path if path.is_file() else None

    def put(self, key: str, wav: bytes) -> Path:
        """Keep a WAV file under `key` (written whole or not at all)."""
        if not _ID.match(key):
            raise ValueError(f"not a cache key: {key!r}")
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{key}.wav"
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(wav)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        with self._lock:
            self._writes += 1
            prune = self._writes % 25 == 1
        if prune:
            self.prune()
        return target

    def touch(self, path: Path) -> None:
        """Mark a file as just used, so pruning keeps it."""
        # Pruned meanwhile: it is simply made again next time.
        with contextlib.suppress(OSError):
            os.utime(path)

    def prune(self) -> None:
        """Drop the least recently used files until the folder fits its limit."""
        with self._lock:
            files = []
            for path in self.folder.glob("*.wav"):
                try:
                    stat = path.stat()
                except OSError:
                    continue
                files.append((stat.st_mtime, stat.st_size, path))
            total = sum(size for _, size, _ in files)
            limit = self.max_bytes
            for _, size, path in sorted(files):
                if total <= limit:
                    break
                path.unlink(missing_ok=True)
                total -= size
