"""Errors a person can fix: printed as one line naming the file and line, never a traceback."""

from __future__ import annotations

from pathlib import Path


class AssistantError(Exception):
    """A problem in the setup (config, language data) that the user can fix."""

    def __init__(self, message: str, file: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        """What is wrong, in words a teacher or translator understands."""
        self.file = str(file) if file is not None else None
        """The file the problem is in, when there is one."""
        self.line = line
        """The 1-based line in that file, when known."""

    def __str__(self) -> str:
        where = self.file or ""
        if self.file and self.line:
            where = f"{self.file}:{self.line}"
        return f"{where}: {self.message}" if where else self.message
