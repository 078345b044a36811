"""Moodle's refusals as the project's errors: its error codes mapped to exception classes.

No message ever holds the token: the client scrubs it from everything it puts in an exception.
"""

from __future__ import annotations

from typing import Any

from course_model.errors import CourseError
from course_model.i18n import t
from course_model.shapes import describe


class SiteError(CourseError):
    """The site is not what a command needs (a course missing, a function the token cannot call)."""


class TransportError(CourseError):
    """Moodle was unreachable, timed out, or answered with something that is not its protocol."""

    def __init__(self, function: str, problem: str):
        super().__init__(f"{function}: {problem}")
        self.function, self.problem = function, problem

    def __reduce__(self):  # noqa: ANN204
        return (type(self), (self.function, self.problem))


class MalformedAnswer(TransportError):
    """An answer without the shape the client reads: nothing is decided from it."""

    def __init__(self, function: str, where: str, expected: str, found: str):
        super().__init__(
            function,
            t("unexpected answer from Moodle: {problem}", problem=describe(where, expected, found)),
        )
        self.where, self.expected, self.found = where, expected, found

    def __reduce__(self):  # noqa: ANN204
        return (type(self), (self.function, self.where, self.expected, self.found))


class MoodleError(CourseError):
    """Moodle refused a call: its exception object, with the function that raised it."""

    def __init__(
        self, function: str, errorcode: str, message: str, debuginfo: str = "", exception: str = ""
    ):
        text = f"{function}: {message} [{errorcode}]"
        if debuginfo:
            text += f" ({debuginfo})"
        hint = self.hint()
        super().__init__(f"{text} - {hint}" if hint else text)
        self.function, self.errorcode, self.moodle_message = function, errorcode, message
        self.debuginfo, self.exception = debuginfo, exception

    def __reduce__(self):  # noqa: ANN204
        return (
            type(self),
            (self.function, self.errorcode, self.moodle_message, self.debuginfo, self.exception),
        )

    @staticmethod
    def hint() -> str:
        """What the administrator can do about it, after Moodle's own message (in English)."""
        return ""


class InvalidToken(MoodleError):
    @staticmethod
    def hint() -> str:
        return t("check MOODLE_TOKEN or the token in the config file")


class FunctionNotAvailable(MoodleError):
    @staticmethod
    def hint() -> str:
        return t("the token's service does not include this function")


class UnknownFunction(MoodleError):
    """Moodle answers a function name it does not know with a missing-record error."""

    @staticmethod
    def hint() -> str:
        return t("the function does not exist on this site (plugin not installed?)")


class MissingCapability(MoodleError):
    @staticmethod
    def hint() -> str:
        return t("the token's user lacks a capability")


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
    message = str(payload.get("message") or payload.get("error") or t("Moodle reported an error"))
    exception = str(payload.get("exception") or "")
    kind = _BY_ERRORCODE.get(errorcode, MoodleError)
    if (
        kind is RecordNotFound
        and exception == "dml_missing_record_exception"
        and "external_functions" in str(payload.get("debuginfo") or message)
    ):
        kind = UnknownFunction
    return kind(function, errorcode, message, str(payload.get("debuginfo") or ""), exception)
