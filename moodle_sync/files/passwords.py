"""The passwords `enrol --access password` generates, in the file the administrator hands out.

The file is created before the users (so no password exists only in Moodle), readable by its
owner alone, never over an existing file (it may hold passwords handed out before), and removed
again when Moodle creates nobody.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from course_model.csvfile import write_rows
from course_model.errors import InputError
from course_model.i18n import t

# Letters and digits that cannot be misread for one another on paper (no O/0, I/l/1).
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_LOWER = "abcdefghijkmnopqrstuvwxyz"
_DIGITS = "23456789"
# Symbols no spreadsheet reads as the start of a formula (the file is written formula-safe, which
# would put a quote before a password starting with = + - @).
_SYMBOLS = "#%?!*"
# 16 characters, several of each kind Moodle's password policy counts, so that usual policies
# (and the default: 8 characters, 1 digit, 1 lower, 1 upper, 1 other) accept them.
_MIX = ((_UPPER, 4), (_LOWER, 6), (_DIGITS, 4), (_SYMBOLS, 2))
HEADER = ("username", "firstname", "lastname", "email", "password")


def new_password() -> str:
    chars = [secrets.choice(kind) for kind, count in _MIX for _ in range(count)]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def write_passwords(path: Path, rows: Iterable[tuple[str, str, str, str, str]]) -> None:
    """Write the passwords file (a new file, mode 0600); an existing file is an error."""
    text = write_rows(HEADER, rows).encode("utf-8")
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InputError(
            t("the file already exists: name a new one (it may hold passwords handed out before)"),
            path,
        ) from None
    except OSError as exc:
        raise InputError(t("cannot write here: {reason}", reason=exc.strerror), path) from None
    with os.fdopen(handle, "wb") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
