"""Admission to the course from the standard's rules: minimum age, entry level,
latest entry date (TUI)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from course_model.formats import local
from course_model.i18n import t
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


@dataclass(frozen=True, slots=True)
class Admission:
    """What admission is decided on: birth date, education as an EQF level,
    the day the learner joined."""

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


def refusals(admission: Admission | None, standard: Standard, plan: CoursePlan) -> list[str]:
    """Why a learner may not be admitted to this edition, in the user's language;
    empty when admitted."""
    if admission is None:
        return [
            t("admission cannot be verified: no birth date, education or joining date is on record")
        ]
    out = local()
    reasons = []
    start = plan.edition.start
    age = age_on(admission.birthdate, start)
    if age < standard.min_age:
        reasons.append(
            t(
                "aged {age} at the start of the course ({start}), the minimum is {minimum}",
                age=age,
                start=out.date(start),
                minimum=standard.min_age,
            )
        )
    if admission.education_eqf < standard.min_eqf:
        required = f" ({standard.education})" if standard.education else ""
        reasons.append(
            t(
                "education at EQF level {level}, the minimum is EQF {minimum}{required}",
                level=admission.education_eqf,
                minimum=standard.min_eqf,
                required=required,
            )
        )
    latest = latest_entry_date(standard, plan)
    if admission.joined > latest:
        reasons.append(
            t(
                "joined on {joined}, after the latest entry date {latest} ({share} of the hours)",
                joined=out.date(admission.joined),
                latest=out.date(latest),
                share=out.percent(standard.latest_entry_pct),
            )
        )
    return reasons
