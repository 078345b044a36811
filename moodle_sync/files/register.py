"""The attendance register: who was present, when, in which modality (classroom, sync, lab, stage).

A CSV exported from the register, `username,date,start,end,modality`, one row per learner
and session, read by course_model.csvfile's rules. Every row is checked; a file with any bad
row imports nothing, and the error lists each problem as file:line.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from course_model.csvfile import parse_date, parse_time, read_rows, refuse
from course_model.i18n import t

COLUMNS = ("username", "date", "start", "end", "modality")
# Asynchronous e-learning is not in the register: its time comes from the SCORM tracks.
REGISTER_MODALITIES = ("aula", "sync", "lab", "stage")


@dataclass(frozen=True)
class Attendance:
    """One register row: a learner present at one session."""

    username: str
    date: dt.date
    start: dt.time
    end: dt.time
    modality: str
    line: int = 0
    hours: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Computed once: eligibility sums hundreds of thousands of rows.
        minutes = (self.end.hour - self.start.hour) * 60 + self.end.minute - self.start.minute
        object.__setattr__(self, "hours", minutes / 60)


def load_register(
    path: Path, edition: tuple[dt.date, dt.date] | None = None
) -> tuple[Attendance, ...]:
    """The register's rows; with `edition` (first and last day), rows outside it are refused too."""
    problems: list[tuple[int, str]] = []
    entries = []
    for row in read_rows(path, COLUMNS):
        found = row.problems
        if not row["username"]:
            found.append(t("{column} is empty", column="username"))
        date, start, end = parse_date(row["date"]), parse_time(row["start"]), parse_time(row["end"])
        if date is None:
            found.append(
                t(
                    "{column} {value} is not a date written YYYY-MM-DD or DD/MM/YYYY",
                    column="date",
                    value=repr(row["date"]),
                )
            )
        elif edition and not edition[0] <= date <= edition[1]:
            found.append(
                t(
                    "date {date} is outside the edition ({start} to {end})",
                    date=row["date"],
                    start=edition[0],
                    end=edition[1],
                )
            )
        for column, value in (("start", start), ("end", end)):
            if value is None:
                found.append(
                    t(
                        "{column} {value} is not a time written HH:MM",
                        column=column,
                        value=repr(row[column]),
                    )
                )
        if start and end and end <= start:
            found.append(
                t("end {end} is not after start {start}", end=row["end"], start=row["start"])
            )
        if row["modality"] not in REGISTER_MODALITIES:
            found.append(
                t(
                    "modality {modality} is not one of {modalities}",
                    modality=repr(row["modality"]),
                    modalities=", ".join(REGISTER_MODALITIES),
                )
            )
        problems.extend((row.line, message) for message in found)
        if not found:
            entries.append(Attendance(row["username"], date, start, end, row["modality"], row.line))
    problems.extend(_overlaps(entries))
    refuse(path, problems, t("register"))
    return tuple(entries)


def _overlaps(entries: list[Attendance]) -> list[tuple[int, str]]:
    """A learner cannot be in two sessions at once: a repeated or overlapping row would count
    hours twice."""
    by_day: dict[tuple[str, dt.date], list[Attendance]] = defaultdict(list)
    for entry in entries:
        by_day[entry.username, entry.date].append(entry)
    problems = []
    for day in by_day.values():
        day.sort(key=lambda e: (e.start, e.line))
        latest = day[0]
        for entry in day[1:]:
            if entry.start < latest.end:
                problems.append(
                    (
                        entry.line,
                        t(
                            "{username} is already present {start}-{end} on {date} (line {line})",
                            username=entry.username,
                            start=f"{latest.start:%H:%M}",
                            end=f"{latest.end:%H:%M}",
                            date=entry.date,
                            line=latest.line,
                        ),
                    )
                )
            if entry.end > latest.end:
                latest = entry
    return problems
