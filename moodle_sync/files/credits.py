"""Recognised credits ("crediti di frequenza"): hours a learner is counted as having attended.

A CSV `username,hours,reason`; hours may be written with a decimal comma. Every row needs a
reason, because an auditor will ask for it. A file with any bad row imports nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from course_model.csvfile import read_rows, refuse

COLUMNS = ("username", "hours", "reason")


@dataclass(frozen=True)
class Credit:
    username: str
    hours: float
    reason: str
    line: int = 0


def _hours(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def load_credits(path: Path) -> tuple[Credit, ...]:
    problems: list[tuple[int, str]] = []
    credits = []
    for row in read_rows(path, COLUMNS):
        hours = _hours(row["hours"])
        found = [message for failed, message in (
            (not row["username"], "username is empty"),
            (hours is None, f"hours {row['hours']!r} is not a positive number"),
            (not row["reason"], "reason is empty: say why the hours are recognised"),
        ) if failed]
        problems.extend((row.line, message) for message in found)
        if not found:
            credits.append(Credit(row["username"], hours, row["reason"], row.line))
    refuse(path, problems, "credits file")
    return tuple(credits)
