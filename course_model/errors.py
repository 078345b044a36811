"""Errors a user can cause (bad content, a bad file, bad settings, a site that refuses), for both
tools.

Every one is a CourseError: the command line prints `details` (a table, a list of rows) if
there are any, then the error as one line naming the file and line where there is one, and
exits 1. Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from course_model.i18n import t, tn


def located(message: str, path: Path | None, line: int | None) -> str:
    """`message` after the file and line it is about, as compilers write them: `path:line: …`."""
    if path is None:
        return message
    return f"{path}:{line}: {message}" if line else f"{path}: {message}"


class CourseError(Exception):
    """Base of every error caused by input or by the site rather than by a bug."""

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        details: str = "",
    ):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.details = details

    def __reduce__(
        self,
    ) -> tuple[type, tuple[object, ...]]:  # keeps every field when sent back from a worker
        return (type(self), (self.message, self.path, self.line, self.details))

    def __str__(self) -> str:
        return located(self.message, self.path, self.line)


class ContentError(CourseError):
    """Bad course content: lessons, unit and course files, the standard, the glossary."""


class QuizError(ContentError):
    """A quiz file that cannot be read: always names the file and the line, and what was
    expected."""


class ContentErrors(ContentError):
    """Every error found in one pass over some content, so that an author fixes them all at once.

    The command line prints `details`, one `path:line: error: message` line per error (the
    format of `scormgen check`), then the message: how many there are.
    """

    def __init__(self, errors: Sequence[ContentError], message: str | None = None):
        self.errors = tuple(errors)
        count, error = len(self.errors), t("error")
        super().__init__(
            message or tn("{count} error in the content", "{count} errors in the content", count),
            details="\n".join(
                located(f"{error}: {e.message}", e.path, e.line) for e in self.errors
            ),
        )

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (type(self), (self.errors, self.message))


class QuizErrors(ContentErrors, QuizError):
    """Every syntax error of a quiz file, found in one reading."""


class PackageError(CourseError):
    """A package that cannot be read or written."""


class InputError(CourseError):
    """A file an administrator gives (build report, learners, register, credits, snapshot) that
    cannot be used."""


class ConfigError(CourseError):
    """Missing, unsafe or malformed settings."""


class PlanRefused(CourseError):
    """The course plan breaks a rule of the standard; nothing was written. `details` holds the
    figures."""
