"""Problems found in the content, collected rather than raised, so that one run reports them all."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from course_model.errors import ContentError, ContentErrors, located
from course_model.i18n import t

T = TypeVar("T")
Severity = Literal["error", "warning"]


def labelled(severity: str, message: str) -> str:
    """`message` after its severity in the user's language: `error: …`, `warning: …`."""
    label = t("error") if severity == "error" else t("warning")
    return f"{label}: {message}"


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    message: str
    path: Path | None = None
    line: int | None = None

    def __str__(self) -> str:
        return located(labelled(self.severity, self.message), self.path, self.line)

    @property
    def place(self) -> tuple[str, float]:
        """Where it is, to list findings file by file, line by line (a whole file's last)."""
        return (str(self.path or ""), self.line or math.inf)


class Findings:
    """The errors and warnings of one pass over the content, in the order they were found."""

    def __init__(self) -> None:
        self.found: list[Finding] = []

    def error(self, message: str, path: Path | None = None, line: int | None = None) -> None:
        self.found.append(Finding("error", message, path, line))

    def warning(self, message: str, path: Path | None = None, line: int | None = None) -> None:
        self.found.append(Finding("warning", message, path, line))

    def add(self, error: ContentError) -> None:
        """`error`, or each of the errors it stands for."""
        for each in error.errors if isinstance(error, ContentErrors) else (error,):
            self.error(each.message, each.path, each.line)

    @contextmanager
    def collecting(self) -> Iterator[None]:
        """Record a content error raised in the block instead of letting it end the pass."""
        try:
            yield
        except ContentError as error:
            self.add(error)

    def attempt(self, read: Callable[[], T], fallback: T) -> T:
        """What `read` returns, or `fallback` once the content error it raised is recorded."""
        try:
            return read()
        except ContentError as error:
            self.add(error)
            return fallback

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.found if f.severity == "error"]

    def errors_since(self, since: int) -> bool:
        """Whether an error was found after the first `since` findings (see `len()`)."""
        return any(f.severity == "error" for f in self.found[since:])

    def __len__(self) -> int:
        return len(self.found)

    def in_order(self) -> list[Finding]:
        """Everything found, file by file and line by line."""
        return sorted(self.found, key=lambda f: f.place)

    def raise_errors(self, message: str | None = None) -> None:
        """Raise the errors found so far, if any: the one error itself, or all of them together
        (file by file, line by line)."""
        errors = [
            ContentError(f.message, f.path, f.line)
            for f in self.in_order()
            if f.severity == "error"
        ]
        if len(errors) == 1 and message is None:
            raise errors[0]
        if errors:
            raise ContentErrors(errors, message)
