"""Errors a user can cause (bad configuration, a refused plan, Moodle refusing a call).

The CLI prints them as one line and exits 1; `details`, when present, is printed before
that line (a table of figures or of refused rows). No message ever holds the token: the
client scrubs it from everything it puts in an exception.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class MoodleSyncError(Exception):
    """Base class of every error caused by input or by the site rather than by a bug."""

    details: str = ""


class ConfigError(MoodleSyncError):
    """Missing, unsafe or malformed settings, located by file where there is one."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


class InputError(MoodleSyncError):
    """A file the user gave (build report, learners CSV) that cannot be used as it is."""

    def __init__(self, message: str, path: Path | None = None, line: int | None = None, details: str = ""):
        where = f"{path}:{line}: " if path and line else f"{path}: " if path else ""
        super().__init__(where + message)
        self.path, self.line, self.details = path, line, details


class PlanRefused(MoodleSyncError):
    """The course plan breaks a rule of the standard; nothing was written."""

    def __init__(self, message: str, details: str):
        super().__init__(message)
        self.details = details


class TransportError(MoodleSyncError):
    """Moodle could not be reached, timed out, or answered with something that is not its protocol."""

    def __init__(self, function: str, problem: str):
        super().__init__(f"{function}: {problem}")
        self.function = function


class MoodleError(MoodleSyncError):
    """Moodle refused a call: its exception object, with the function that raised it."""

    def __init__(self, function: str, errorcode: str, message: str, debuginfo: str = "", exception: str = ""):
        text = f"{function}: {message} [{errorcode}]"
        if debuginfo:
            text += f" ({debuginfo})"
        super().__init__(text + self.hint)
        self.function, self.errorcode, self.message = function, errorcode, message
        self.debuginfo, self.exception = debuginfo, exception

    hint = ""


class InvalidToken(MoodleError):
    hint = " - check MOODLE_TOKEN or the token in the config file"


class FunctionNotAvailable(MoodleError):
    hint = " - the token's service does not include this function"


class UnknownFunction(MoodleError):
    """Moodle answers a function name it does not know with a missing-record error."""

    hint = " - the function does not exist on this site (plugin not installed?)"


class MissingCapability(MoodleError):
    hint = " - the token's user lacks a capability"


class InvalidParameter(MoodleError):
    pass


class RecordNotFound(MoodleError):
    pass


class ShortnameTaken(MoodleError):
    pass


class IdnumberTaken(MoodleError):
    pass


_BY_ERRORCODE: dict[str, type[MoodleError]] = {
    "invalidtoken": InvalidToken,
    "accessexception": FunctionNotAvailable,
    "nopermissions": MissingCapability,
    "invalidparameter": InvalidParameter,
    "invalidrecord": RecordNotFound,
    "invalidrecordunknown": RecordNotFound,
    "shortnametaken": ShortnameTaken,
    "courseidnumbertaken": IdnumberTaken,
    "categoryidnumbertaken": IdnumberTaken,
}


def moodle_error(function: str, payload: dict[str, Any]) -> MoodleError:
    """The exception for one of Moodle's error objects (REST `exception` or upload.php `error`)."""
    errorcode = str(payload.get("errorcode") or "unknown")
    message = str(payload.get("message") or payload.get("error") or "Moodle reported an error")
    exception = str(payload.get("exception") or "")
    kind = _BY_ERRORCODE.get(errorcode, MoodleError)
    if kind is RecordNotFound and exception == "dml_missing_record_exception" and "external_functions" in str(
            payload.get("debuginfo") or message):
        kind = UnknownFunction
    return kind(function, errorcode, message, str(payload.get("debuginfo") or ""), exception)
