"""Errors a user can cause. The CLI prints them as one line and exits 1."""

from __future__ import annotations

from pathlib import Path


class ScormgenError(Exception):
    """Base class of every error caused by input rather than by a bug."""


class ContentError(ScormgenError):
    """Bad course content or configuration, located by file and line where known."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __reduce__(self):  # noqa: ANN204 (keeps file and line when sent back from a worker process)
        return (type(self), (self.message, self.path, self.line))

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class PackageError(ScormgenError):
    """A package that cannot be read or written."""


class QuizError(ContentError):
    """A quiz file that cannot be read: always names the file and the line, and what was expected."""
