"""Admission to the course from the standard's rules: minimum age, entry level, latest entry date (TUI)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from course_model.plan import CoursePlan
from course_model.standard import Standard

# Italian titles by EQF level, as Italy referenced its qualifications to the EQF.
EDUCATION_EQF: dict[str, int] = {
    "licenza media": 1,
    "licenza di scuola secondaria di primo grado": 1,
    "qualifica professionale": 3,
    "diploma professionale": 4,
    "diploma": 4,
    "diploma di scuola secondaria superiore": 4,
    "diploma di maturità": 4,
    "maturità": 4,
    "certificato ifts": 4,
    "diploma its": 5,
    "diploma di tecnico superiore": 5,
    "laurea": 6,
    "laurea triennale": 6,
    "laurea magistrale": 7,
    "master di primo livello": 7,
    "master di secondo livello": 8,
    "dottorato": 8,
    "dottorato di ricerca": 8,
}


@dataclass(frozen=True)
class Applicant:
    username: str
    firstname: str
    lastname: str
    email: str
    birthdate: dt.date
    education_eqf: int
    joined: dt.date


def education_level(text: str) -> int | None:
    """The EQF level of `4`, `EQF 4` or an Italian title such as `Diploma`; None when unknown."""
    cleaned = " ".join(text.lower().split())
    match = re.fullmatch(r"(?:eqf\s*)?([1-8])", cleaned)
    if match:
        return int(match.group(1))
    return EDUCATION_EQF.get(cleaned)


def latest_entry_date(standard: Standard, plan: CoursePlan) -> dt.date:
    """The TUI as a date: the day by which `latest_entry_pct` of the edition has run.

    The standard counts delivered hours; without a timetable the edition's days stand in
    for them, spread evenly from start to end.
    """
    span = (plan.edition.end - plan.edition.start).days
    return plan.edition.start + dt.timedelta(days=int(span * standard.latest_entry_pct / 100))


def age_on(birthdate: dt.date, day: dt.date) -> int:
    return day.year - birthdate.year - ((day.month, day.day) < (birthdate.month, birthdate.day))


def admission_problems(applicant: Applicant, standard: Standard, plan: CoursePlan) -> list[str]:
    """Why the applicant may not join this edition; empty when admitted."""
    problems = []
    start = plan.edition.start
    age = age_on(applicant.birthdate, start)
    if age < standard.min_age:
        problems.append(f"aged {age} at the course start {start}, minimum {standard.min_age}")
    if applicant.education_eqf < standard.min_eqf:
        problems.append(f"education at EQF {applicant.education_eqf}, the standard requires EQF {standard.min_eqf}"
                        + (f" ({standard.education})" if standard.education else ""))
    tui = latest_entry_date(standard, plan)
    if applicant.joined > tui:
        problems.append(f"joined {applicant.joined}, after the latest entry date {tui} "
                        f"({standard.latest_entry_pct:g} % of the course)")
    return problems
