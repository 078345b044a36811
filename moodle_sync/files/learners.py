"""Admission data from the enrolment CSV (`moodle-sync enrol`'s file), for the eligibility check.

The file is read as enrol reads it. A row that cannot be read (a missing or malformed date,
an unknown title) stops the import, since it would leave a learner without admission data;
a row that reads but fails admission is kept: eligibility reports why.
"""

from __future__ import annotations

from pathlib import Path

from moodle_sync.commands.enrol import read_learners, refusal_table
from course_model.errors import InputError
from moodle_sync.files.snapshot import Admission
from course_model.plan import CoursePlan
from course_model.standard import Standard


def load_admissions(path: Path, standard: Standard, plan: CoursePlan) -> dict[str, Admission]:
    rows = read_learners(path, standard, plan)
    unreadable = [row for row in rows if row.applicant is None]
    if unreadable:
        raise InputError(f"{len(unreadable)} of {len(rows)} rows cannot be read; nothing was imported", path,
                         unreadable[0].line, details=refusal_table(path, unreadable))
    return {row.applicant.username: Admission(row.applicant.birthdate, row.applicant.education_eqf,
                                              row.applicant.joined) for row in rows if row.applicant}
