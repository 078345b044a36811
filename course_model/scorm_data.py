"""The grammar of SCORM run-time data, both versions: times, statuses, scores, and the times an
LMS stamps.

One module for everyone who reads such values: the compiler's package validator, the pull
from Moodle and the fake Moodle of the tests. Moodle stores whatever a SCO sends (`5 minutes`
as a session time, `bogus-status` as a status), so values read back are checked here; a
malformed or implausible value becomes a problem (course_model.problems: a code and the values
it names, put into words when shown) and no value: it never raises, and it never credits time
or a pass.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from course_model import problems
from course_model.problems import Problem

T = TypeVar("T")

# SCORM 1.2 CMITimespan: HHHH:MM:SS.SS, hours of 2 to 4 digits, up to two decimals of a second.
_TIMESPAN = re.compile(r"^(\d{2,4}):([0-5]\d):([0-5]\d)(\.\d{1,2})?$")
# SCORM 2004 timeinterval (second, 10, 2): ISO 8601 P[nY][nM][nD][T[nH][nM][n[.nn]S]], at least
# one part,
# and a T only before a time part.
_DURATION = re.compile(
    r"^P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?"
    r"(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$"
)
# The standard fixes no length for years and months; these are the usual conventions.
_DURATION_UNITS = (365 * 86400, 30 * 86400, 86400, 3600, 60, 1)
# The longest time SCORM 1.2 can write; a longer one in 2004 is no learner's real time either.
MAX_SECONDS = 9999 * 3600 + 59 * 60 + 59.99
# CMIDecimal / real(10,7): digits with at most one point, no exponent, no other notation.
_DECIMAL = re.compile(r"^-?(?:\d+(?:\.\d*)?|\.\d+)$", re.ASCII)
# No score, grade or mastery an LMS keeps comes near this; beyond it a number is corrupted.
MAX_MAGNITUDE = 1e9
_WITHIN = f"±{MAX_MAGNITUDE:.0e}"
# Moments an LMS stamps (Unix time): anything outside these years is a corrupted value.
_UNIX_TIME = re.compile(r"^\d{1,12}$", re.ASCII)
_EARLIEST, _LATEST = (
    dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
    dt.datetime(2100, 1, 1, tzinfo=dt.UTC),
)

LESSON_STATUSES_12 = ("passed", "completed", "failed", "incomplete", "browsed", "not attempted")
COMPLETION_STATUSES_2004 = ("completed", "incomplete", "not attempted", "unknown")
SUCCESS_STATUSES_2004 = ("passed", "failed", "unknown")
# SCORM 1.2's vocabulary, best first: a SCO counts as passed if any attempt passed.
_STATUS_RANK = {status: rank for rank, status in enumerate(reversed(LESSON_STATUSES_12))}


def timespan_seconds(text: str) -> float | None:
    """Seconds in a SCORM 1.2 CMITimespan (`0000:07:45.50`), or None."""
    match = _TIMESPAN.match(text)
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds) + float(fraction or 0)


def duration_seconds(text: str) -> float | None:
    """Seconds in a SCORM 2004 timeinterval (`PT1H30M`), or None; longer than MAX_SECONDS is None
    too."""
    match = _DURATION.match(text)
    if match is None:
        return None
    seconds = sum(
        float(part) * unit
        for part, unit in zip(match.groups(), _DURATION_UNITS, strict=True)
        if part
    )
    return seconds if seconds <= MAX_SECONDS else None


def time_seconds(text: str) -> float | None:
    """Seconds in either version's time format (the two shapes cannot be confused), or None."""
    value = text.strip()
    found = timespan_seconds(value)
    return found if found is not None else duration_seconds(value)


@dataclass(frozen=True, slots=True)
class Reading(Generic[T]):
    """A value read from a track: the value when it is valid, else the problem found."""

    value: T | None = None
    problem: Problem | None = None


def _invalid(code: str, element: str, text: str, **values: str) -> Reading[Any]:
    """The problem `code` of `element`, whose value `text` is shown cut to a readable length."""
    shown = text if len(text) <= 60 else text[:57] + "..."
    return Reading(problem=Problem(code, {"element": element, "value": repr(shown), **values}))


def parse_time(element: str, text: str) -> Reading[float]:
    """A time in either version's format, as seconds."""
    seconds = time_seconds(text)
    if seconds is None:
        return _invalid(problems.TIME, element, text)
    return Reading(seconds)


def parse_choice(element: str, text: str, vocabulary: tuple[str, ...]) -> Reading[str]:
    value = text.strip()
    if value in vocabulary:
        return Reading(value)
    return _invalid(problems.CHOICE, element, text, choices=" | ".join(vocabulary))


def _plausible(element: str, number: float, shown: str) -> Reading[float]:
    if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
        return _invalid(problems.NUMBER_TOO_LARGE, element, shown, limit=_WITHIN)
    return Reading(number)


def parse_decimal(element: str, text: str) -> Reading[float]:
    """A CMIDecimal / real(10,7); an empty value is no value, not a problem."""
    value = text.strip()
    if not value:
        return Reading()
    if not _DECIMAL.match(value):
        return _invalid(problems.NUMBER, element, text)
    return _plausible(element, float(value), text)


def parse_number(element: str, value: object) -> Reading[float]:
    """A number an LMS sent as JSON (a number, or text holding one); null or empty is no value."""
    if value is None or isinstance(value, bool):
        return Reading() if value is None else _invalid(problems.NUMBER, element, str(value))
    if isinstance(value, int):
        if abs(value) > MAX_MAGNITUDE:  # shown by its size: it may be too long to print or convert
            return Reading(
                problem=Problem(
                    problems.INTEGER_TOO_LARGE,
                    {
                        "element": element,
                        "sign": "-" if value < 0 else "",
                        "power": str(value.bit_length() - 1),
                        "limit": _WITHIN,
                    },
                )
            )
        return Reading(float(value))
    if isinstance(value, float):
        return _plausible(element, value, repr(value))
    return parse_decimal(element, str(value))


def parse_moment(element: str, value: object) -> Reading[dt.datetime]:
    """A Unix time an LMS stamped (an integer, as a number or as text); 0 or empty is no value."""
    text = "" if value is None or isinstance(value, bool) else str(value).strip()
    if text in ("", "0"):
        return Reading()
    if not _UNIX_TIME.match(text):
        return _invalid(problems.MOMENT, element, text)
    if not _EARLIEST.timestamp() <= int(text) < _LATEST.timestamp():
        return _invalid(
            problems.MOMENT_OUT_OF_RANGE,
            element,
            text,
            first=str(_EARLIEST.year),
            last=str(_LATEST.year),
        )
    return Reading(dt.datetime.fromtimestamp(int(text), dt.UTC))


def status_2004(completion: str | None, success: str | None) -> str | None:
    """One status in SCORM 1.2's vocabulary from 2004's two: success decides when known."""
    if success in ("passed", "failed"):
        return success
    if completion in ("completed", "incomplete", "not attempted"):
        return completion
    return None


def best_status(statuses: list[str]) -> str | None:
    """The best of some statuses in SCORM 1.2's vocabulary (passed before completed before
    failed …)."""
    return max(statuses, key=_STATUS_RANK.__getitem__) if statuses else None


def score_percent(
    raw: float | None, low: float | None, high: float | None, scaled: float | None
) -> Reading[float]:
    """The score as a percentage: scaled (2004) when given, else raw within min..max (0..100 by
    default)."""
    if scaled is not None:
        if not -1 <= scaled <= 1:
            return Reading(problem=Problem(problems.SCALED_SCORE, {"scaled": f"{scaled:g}"}))
        return Reading(scaled * 100)
    if raw is None:
        return Reading()
    low = 0.0 if low is None else low
    high = 100.0 if high is None else high
    bounds = {"low": f"{low:g}", "high": f"{high:g}"}
    if high <= low:
        return Reading(problem=Problem(problems.SCORE_RANGE, bounds))
    if not low <= raw <= high:
        return Reading(problem=Problem(problems.SCORE_OUTSIDE, {"raw": f"{raw:g}", **bounds}))
    percent = (raw - low) / (high - low) * 100
    if not math.isfinite(percent):  # a range so wide that the arithmetic overflows
        return Reading(problem=Problem(problems.SCORE_RANGE_UNUSABLE, bounds))
    return Reading(percent)
