"""Reading the text files people write (YAML, lessons, quizzes, settings), with one-line errors.

Every such file is UTF-8 (a byte order mark is allowed) and of a size a person writes: a file
beyond MAX_TEXT_BYTES is refused before it is read, so that a stray log or data dump named like
a lesson costs neither memory nor minutes. A control character is an error of its line in a
lesson, task or quiz (`control_characters`); YAML's reader refuses them on its own.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path
from typing import TypeVar

from course_model.errors import ContentError, CourseError
from course_model.i18n import t

E = TypeVar("E", bound=ContentError)

MAX_TEXT_BYTES = 4 * 1024 * 1024
# Invisible in an editor, yet carried into pages (and ESC drives a terminal): no text of the
# course holds one. Tab, line feed and carriage return are text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def real_path(
    path: Path, error: type[CourseError] = ContentError, written: str | None = None
) -> Path:
    """`path` once its symbolic links are followed. A loop of links, which leads to no file, is
    an `error` naming `path`, or naming only `written` (how a reference writes the path) when
    given, for the caller to place."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # Path.resolve would raise RuntimeError, or hide the loop
            if written is None:
                raise error(t("a symbolic link that leads back to itself"), path) from None
            message = t("'{name}' is a symbolic link that leads back to itself", name=written)
            raise error(message) from None
    return path.resolve()


def read_text(path: Path, error: type[CourseError] = ContentError) -> str:
    """The text of `path`; `error` (a CourseError class) says what cannot be read, and where."""
    real_path(path, error)
    try:
        if not path.is_file():
            raise error(t("file not found") if not path.exists() else t("not a file"), path)
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            megabytes = round(size / 2**20, 1)
            raise error(
                t(
                    "the file holds {size} MB, more than the {limit} MB a text file of the course "
                    "may hold",
                    size=megabytes,
                    limit=MAX_TEXT_BYTES // 2**20,
                ),
                path,
            )
        data = path.read_bytes()
    except OSError as exc:
        raise error(exc.strerror or type(exc).__name__, path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(t("not UTF-8 text"), path, data[: exc.start].count(b"\n") + 1) from None


def control_characters(text: str, path: Path, error: type[E]) -> list[E]:
    """An `error` for each control character of `text`, the text of `path`, with its line."""
    return [
        error(
            t("control character {character} is not allowed", character=f"U+{ord(bad[0]):04X}"),
            path,
            text.count("\n", 0, bad.start()) + 1,
        )
        for bad in _CONTROL.finditer(text)
    ]


def without_control_characters(text: str) -> str:
    """`text` with a space for each control character, to read on once they are reported."""
    return _CONTROL.sub(" ", text)
