"""`moodle-sync enrol LEARNERS.csv`: check every row, then find or create the users and enrol them.

A file with any refused row enrols nobody: the refusals are listed with their line and
reasons, so the file can be fixed and run again. Running it again after a success changes
nothing (users are found by username, enrolments by user).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from moodle_sync.moodle import courses, users
from course_model.admission import Applicant, admission_problems, education_level
from moodle_sync.moodle.client import MoodleClient
from course_model.plan import timestamp
from course_model.errors import InputError
from moodle_sync.moodle.errors import SiteError
from moodle_sync.reports.table import render_table
from course_model.plan import CoursePlan
from course_model.standard import Standard

COLUMNS = ("username", "firstname", "lastname", "email", "birthdate", "education", "joined")
USERNAME = re.compile(r"^[a-z0-9_.@-]+$")  # Moodle's default username characters
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Row:
    line: int
    applicant: Applicant | None
    username: str
    problems: tuple[str, ...]


@dataclass(frozen=True)
class EnrolResult:
    created: tuple[str, ...]
    enrolled: tuple[str, ...]
    already_enrolled: tuple[str, ...]


def _date(value: str, column: str, problems: list[str]) -> dt.date | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(f"{column} {value!r} is not a date written YYYY-MM-DD")
    return None


def _parse(line: int, record: dict[str, str], standard: Standard, plan: CoursePlan) -> Row:
    value = {column: (record.get(column) or "").strip() for column in COLUMNS}
    problems = [f"{column} is empty" for column in COLUMNS if not value[column]]
    if value["username"] and not USERNAME.match(value["username"]):
        problems.append(f"username {value['username']!r} may hold only lower-case letters, digits and _ . @ -")
    if value["email"] and not EMAIL.match(value["email"]):
        problems.append(f"email {value['email']!r} is not an e-mail address")
    eqf = education_level(value["education"]) if value["education"] else None
    if value["education"] and eqf is None:
        problems.append(f"education {value['education']!r} is neither an EQF level (1-8) nor a known title")
    birthdate = _date(value["birthdate"], "birthdate", problems) if value["birthdate"] else None
    joined = _date(value["joined"], "joined", problems) if value["joined"] else None
    if problems or birthdate is None or joined is None or eqf is None:
        return Row(line, None, value["username"], tuple(problems))
    applicant = Applicant(value["username"], value["firstname"], value["lastname"], value["email"], birthdate, eqf,
                          joined)
    return Row(line, applicant, applicant.username, tuple(admission_problems(applicant, standard, plan)))


def read_learners(path: Path, standard: Standard, plan: CoursePlan) -> list[Row]:
    """Every row of the CSV with what is wrong with it (nothing, for an admitted learner)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            header = tuple(name.strip() for name in reader.fieldnames or ())
            if sorted(header) != sorted(COLUMNS):
                raise InputError(f"the columns must be {','.join(COLUMNS)}; found {','.join(header) or 'none'}", path, 1)
            reader.fieldnames = list(header)
            rows = [_parse(reader.line_num, record, standard, plan) for record in reader]
    except FileNotFoundError:
        raise InputError("file not found", path) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", path) from None
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        if row.username and row.username in seen:
            rows[index] = Row(row.line, row.applicant, row.username,
                              row.problems + (f"username also on line {seen[row.username]}",))
        seen.setdefault(row.username, row.line)
    return rows


def _refuse_strangers(rows: list[Row], found: dict[str, dict[str, object]]) -> list[Row]:
    """A username already on the site with another e-mail is someone else: refuse rather than enrol them."""
    checked = []
    for row in rows:
        user = found.get(row.username)
        if row.applicant and user and str(user.get("email", "")).lower() != row.applicant.email.lower():
            row = Row(row.line, row.applicant, row.username,
                      row.problems + (f"username {row.username} belongs to a Moodle user with another e-mail",))
        checked.append(row)
    return checked


def refusal_table(path: Path, rows: list[Row]) -> str:
    return render_table(("line", "username", "reason"), [(f"{path.name}:{row.line}", row.username or "-", reason)
                                                         for row in rows for reason in row.problems])


def enrol_learners(client: MoodleClient, path: Path, standard: Standard, plan: CoursePlan,
                   course_idnumber: str) -> EnrolResult:
    rows = read_learners(path, standard, plan)
    course = courses.find_course(client, "idnumber", course_idnumber)
    if course is None:
        raise SiteError(f"no course with idnumber {course_idnumber} on the site: run 'moodle-sync deploy' first")
    found = users.users_by_username(client, [row.username for row in rows if row.applicant])
    rows = _refuse_strangers(rows, found)
    refused = [row for row in rows if row.problems]
    if refused:
        raise InputError(f"{len(refused)} of {len(rows)} learners refused, nobody was enrolled", path,
                         details=refusal_table(path, refused))
    applicants = [row.applicant for row in rows if row.applicant]
    created = users.create_users(client, [
        {"username": a.username, "firstname": a.firstname, "lastname": a.lastname, "email": a.email, "auth": "manual"}
        for a in applicants if a.username not in found])
    ids = {**{name: int(user["id"]) for name, user in found.items()}, **created}
    already = users.enrolled_user_ids(client, int(course["id"]))
    todo = [a for a in applicants if ids[a.username] not in already]
    users.enrol(client, int(course["id"]), [(ids[a.username], timestamp(a.joined)) for a in todo])
    return EnrolResult(tuple(created), tuple(a.username for a in todo),
                       tuple(a.username for a in applicants if ids[a.username] in already))
