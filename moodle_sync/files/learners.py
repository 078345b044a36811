"""The learners' file (`moodle-sync enrol`'s input): who they are and what admission is decided on.

`username,firstname,lastname,email,birthdate,education,joined`, read by course_model.csvfile's
rules (columns in any order, dates YYYY-MM-DD or DD/MM/YYYY). Reading only checks that each row
can be used; whether the learner is admitted is course_model.admission's rule, applied by the
commands that need it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from course_model.admission import Admission, education_level
from course_model.csvfile import parse_date, read_rows
from course_model.errors import InputError
from course_model.i18n import t, tn
from course_model.table import render_table

COLUMNS = ("username", "firstname", "lastname", "email", "birthdate", "education", "joined")
USERNAME = re.compile(r"^[a-z0-9_.@-]+$")  # Moodle's default username characters
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(slots=True)
class LearnerRow:
    line: int
    username: str
    firstname: str
    lastname: str
    email: str
    admission: Admission | None  # None when the row cannot be read
    problems: list[str] = field(default_factory=list)


def read_learners(path: Path) -> list[LearnerRow]:
    """Every row with what makes it unusable (nothing, for a row that can be read)."""
    rows = []
    seen: dict[str, int] = {}
    for row in read_rows(path, COLUMNS):
        value = row.values
        problems = row.problems + [
            t("{column} is empty", column=column) for column in COLUMNS if not value[column]
        ]
        if value["username"] and not USERNAME.match(value["username"]):
            problems.append(
                t(
                    "username {username} may hold only lower-case letters, digits and _ . @ -",
                    username=repr(value["username"]),
                )
            )
        if value["username"] in seen and row.duplicate_of is None:
            problems.append(t("username also on line {line}", line=seen[value["username"]]))
        seen.setdefault(value["username"], row.line)
        if value["email"] and not EMAIL.match(value["email"]):
            problems.append(t("email {email} is not an e-mail address", email=repr(value["email"])))
        eqf = education_level(value["education"]) if value["education"] else None
        if value["education"] and eqf is None:
            problems.append(
                t(
                    "education {education} is neither an EQF level (1-8) nor a known title",
                    education=repr(value["education"]),
                )
            )
        dates = {}
        for column in ("birthdate", "joined"):
            dates[column] = parse_date(value[column]) if value[column] else None
            if value[column] and dates[column] is None:
                problems.append(
                    t(
                        "{column} {value} is not a date written YYYY-MM-DD or DD/MM/YYYY",
                        column=column,
                        value=repr(value[column]),
                    )
                )
        readable = (
            eqf is not None and dates["birthdate"] is not None and dates["joined"] is not None
        )
        admission = Admission(dates["birthdate"], eqf, dates["joined"]) if readable else None
        rows.append(
            LearnerRow(
                row.line,
                value["username"],
                value["firstname"],
                value["lastname"],
                value["email"],
                admission,
                problems,
            )
        )
    return rows


def refusal_table(path: Path, rows: list[LearnerRow]) -> str:
    return render_table(
        (t("line"), t("username"), t("reason")),
        [
            (f"{path.name}:{row.line}", row.username or "-", reason)
            for row in rows
            for reason in row.problems
        ],
    )


def load_admissions(path: Path) -> dict[str, Admission]:
    """Admission data by username. A row that cannot be read stops the import, since it would
    leave a learner without admission data; a row that reads but fails admission is kept:
    eligibility says why."""
    rows = read_learners(path)
    unreadable = [row for row in rows if row.problems]
    if unreadable:
        raise InputError(
            tn(
                "{unreadable} of {count} row cannot be read; nothing was imported",
                "{unreadable} of {count} rows cannot be read; nothing was imported",
                len(rows),
                unreadable=len(unreadable),
            ),
            path,
            unreadable[0].line,
            details=refusal_table(path, unreadable),
        )
    return {row.username: row.admission for row in rows if row.admission}
