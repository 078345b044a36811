from __future__ import annotations

import datetime as dt

import pytest

from course_model.admission import Admission, age_on, education_level, latest_entry_date, refusals


@pytest.mark.parametrize(
    "text, level",
    [
        ("4", 4),
        ("EQF 5", 5),
        ("eqf6", 6),
        ("Diploma", 4),
        ("  laurea   magistrale ", 7),
        ("Licenza media", 1),
        ("Qualifica professionale", 3),
        ("9", None),
        ("Attestato", None),
    ],
)
def test_education_level(text: str, level: int | None) -> None:
    assert education_level(text) == level


def test_age_counts_whole_years() -> None:
    assert age_on(dt.date(2009, 1, 11), dt.date(2027, 1, 11)) == 18
    assert age_on(dt.date(2009, 1, 12), dt.date(2027, 1, 11)) == 17


def test_latest_entry_is_the_share_of_the_edition_from_the_standard(course: tuple) -> None:
    # 2027-01-11 to 2027-12-17 is 340 days; 20 % of them is 68.
    assert latest_entry_date(*course) == dt.date(2027, 3, 20)


def admission(**changes: object) -> Admission:
    base = dict(birthdate=dt.date(1990, 5, 1), education_eqf=4, joined=dt.date(2027, 1, 11))
    return Admission(**{**base, **changes})  # type: ignore[arg-type]


def test_an_admitted_learner_has_no_refusals(course: tuple) -> None:
    assert refusals(admission(), *course) == []


def test_every_refusal_has_its_reason(course: tuple) -> None:
    refused = refusals(
        admission(birthdate=dt.date(2010, 1, 1), education_eqf=3, joined=dt.date(2027, 4, 1)),
        *course,
    )
    assert refused == [
        "aged 17 at the start of the course (2027-01-11), the minimum is 18",
        "education at EQF level 3, the minimum is EQF 4 (Diploma)",
        "joined on 2027-04-01, after the latest entry date 2027-03-20 (20 % of the hours)",
    ]


def test_the_same_rule_speaks_italian(course: tuple, italian: None) -> None:
    assert refusals(admission(birthdate=dt.date(2010, 1, 1)), *course) == [
        "età 17 anni all'avvio del corso (11/01/2027), minimo 18"
    ]
    assert refusals(None, *course) == [
        "ammissione non verificabile: mancano data di nascita, titolo di studio e data di ingresso"
    ]
