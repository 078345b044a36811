"""Recognised credits ("crediti di frequenza"): hours a learner is counted as having attended.

A CSV `username,hours,reason`, read by course_model.csvfile's rules (hours may be written with a
decimal comma). Every row needs a reason, because an auditor will ask for it, and no learner's
credits may exceed the course's hours. A file with any bad row imports nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from course_model.csvfile import parse_positive_decimal, read_rows, refuse
from course_model.i18n import t

COLUMNS = ("username", "hours", "reason")


@dataclass(frozen=True, slots=True)
class Credit:
    username: str
    hours: float
    reason: str
    line: int = 0


def load_credits(path: Path, course_hours: float) -> tuple[Credit, ...]:
    problems: list[tuple[int, str]] = []
    credits = []
    for row in read_rows(path, COLUMNS):
        found = row.problems
        if not row["username"]:
            found.append(t("{column} is empty", column="username"))
        try:
            hours = parse_positive_decimal(row["hours"])
        except ValueError as exc:
            found.append(t("hours {value} {problem}", value=repr(row["hours"]), problem=exc))
        if not row["reason"]:
            found.append(t("reason is empty: say why the hours are recognised"))
        problems.extend((row.line, message) for message in found)
        if not found:
            credits.append(Credit(row["username"], hours, row["reason"], row.line))
    problems.extend(_beyond_the_course(credits, course_hours))
    refuse(path, problems, t("credits file"))
    return tuple(credits)


def _beyond_the_course(credits: list[Credit], course_hours: float) -> list[tuple[int, str]]:
    by_learner: dict[str, list[Credit]] = defaultdict(list)
    for credit in credits:
        by_learner[credit.username].append(credit)
    return [
        (
            rows[-1].line,
            t(
                "{username} is credited {hours} h in all, more than the {course} h of the course",
                username=username,
                hours=f"{sum(c.hours for c in rows):g}",
                course=f"{course_hours:g}",
            ),
        )
        for username, rows in by_learner.items()
        if sum(c.hours for c in rows) > course_hours
    ]
