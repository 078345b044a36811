"""SCORM run-time values as Moodle stores them: times, statuses and scores, validated here.

Moodle stores whatever a SCO sends (`5 minutes` as a session time, `bogus-status` as a
status), so every value read back is checked before it is used. A malformed value becomes a
problem (a sentence for the administrator, in Italian) and no value: it never raises and it
never credits time or a pass.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

# SCORM 1.2 CMITimespan: HHHH:MM:SS.SS, hours of 2 to 4 digits, up to two decimals of a second.
_CMI_TIMESPAN = re.compile(r"^(\d{2,4}):([0-5]\d):([0-5]\d)(\.\d{1,2})?$")
# SCORM 2004 timeinterval (second, 10, 2): an ISO 8601 duration, P[nY][nM][nD][T[nH][nM][n[.nn]S]].
_ISO_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$")
# The standard fixes no length for years and months; these are the usual conventions.
_ISO_UNIT_SECONDS = (365 * 86400, 30 * 86400, 86400, 3600, 60, 1)

LESSON_STATUSES_12 = ("passed", "completed", "failed", "incomplete", "browsed", "not attempted")
COMPLETION_STATUSES_2004 = ("completed", "incomplete", "not attempted", "unknown")
SUCCESS_STATUSES_2004 = ("passed", "failed", "unknown")


@dataclass(frozen=True)
class Reading(Generic[T]):
    """A value read from a track: the value when it is valid, else the problem found."""

    value: T | None = None
    problem: str | None = None


def _invalid(element: str, text: str, expected: str) -> Reading:
    return Reading(problem=f"{element} = {text!r} non valido (atteso {expected})")


def parse_time(element: str, text: str) -> Reading[float]:
    """Seconds in a SCORM 1.2 CMITimespan or a SCORM 2004 ISO 8601 duration.

    The two shapes cannot be confused, so either is accepted whatever the package's version.
    """
    value = text.strip()
    match = _CMI_TIMESPAN.match(value)
    if match:
        hours, minutes, seconds, fraction = match.groups()
        return Reading(int(hours) * 3600 + int(minutes) * 60 + int(seconds) + float(fraction or 0))
    match = _ISO_DURATION.match(value)
    if match and value not in ("P", "PT") and not value.endswith("T"):
        return Reading(sum(float(part) * unit for part, unit in zip(match.groups(), _ISO_UNIT_SECONDS) if part))
    return _invalid(element, text, "HHHH:MM:SS.SS oppure una durata ISO 8601 come PT1H30M")


def parse_choice(element: str, text: str, vocabulary: tuple[str, ...]) -> Reading[str]:
    value = text.strip()
    if value in vocabulary:
        return Reading(value)
    return _invalid(element, text, " | ".join(vocabulary))


def parse_decimal(element: str, text: str) -> Reading[float]:
    """A CMIDecimal / real(10,7); an empty value is no value, not a problem."""
    value = text.strip()
    if not value:
        return Reading()
    try:
        number = float(value)
    except ValueError:
        return _invalid(element, text, "un numero")
    if not math.isfinite(number):
        return _invalid(element, text, "un numero")
    return Reading(number)


def status_2004(completion: str | None, success: str | None) -> str | None:
    """One status in SCORM 1.2's vocabulary from 2004's two: success decides when known."""
    if success in ("passed", "failed"):
        return success
    if completion in ("completed", "incomplete", "not attempted"):
        return completion
    return None


def score_percent(raw: float | None, low: float | None, high: float | None, scaled: float | None) -> Reading[float]:
    """The score as a percentage: scaled (2004) when given, else raw within min..max (0..100 by default)."""
    if scaled is not None:
        if not -1 <= scaled <= 1:
            return Reading(problem=f"punteggio scalato {scaled:g} fuori da -1..1")
        return Reading(scaled * 100)
    if raw is None:
        return Reading()
    low = 0.0 if low is None else low
    high = 100.0 if high is None else high
    if high <= low:
        return Reading(problem=f"punteggio massimo {high:g} non superiore al minimo {low:g}")
    if not low <= raw <= high:
        return Reading(problem=f"punteggio {raw:g} fuori dall'intervallo {low:g}..{high:g}")
    return Reading((raw - low) / (high - low) * 100)
