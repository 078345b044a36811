from pathlib import Path

import pytest

from scormgen.authoring.anchors import Lines
from scormgen.authoring.weekdays import wrong_weekdays


def found(text: str, story_year: int | None = 2027) -> list[str]:
    return [str(e) for e in wrong_weekdays(Path("storia.md"), Lines(text), story_year)]


@pytest.mark.parametrize(
    "text",
    [
        "La consegna di venerdì 12/03 è arrivata.",
        "Data: lunedì 24 maggio 2027",
        "Il guasto di Giovedì 13 maggio 2027",
        "sabato 6/3/27, domenica 7/03/2027",
        "entro lunedi 15/03, il mercoledi' 17 marzo",  # the accent typed otherwise
        "lunedì 1° marzo",
        "venerdì 19/03/2027",
        "nel 2026, venerdì 13 marzo 2026",  # a year given wins over the story year
    ],
)
def test_a_date_on_the_weekday_it_names_is_fine(text: str) -> None:
    assert found(text) == []


def test_a_date_on_another_weekday_is_an_error_with_its_line() -> None:
    assert found("Riga.\nRispondete entro venerdì 15/03, per favore.\nmartedì 24 aprile") == [
        "storia.md:2: 'venerdì 15/03': 2027-03-15 falls on a Monday",
        "storia.md:3: 'martedì 24 aprile': 2027-04-24 falls on a Saturday",
    ]


def test_a_date_without_a_year_is_not_checked_without_the_story_year() -> None:
    assert found("venerdì 15/03, ma venerdì 15/03/2027", story_year=None) == [
        "storia.md:1: 'venerdì 15/03/2027': 2027-03-15 falls on a Monday"
    ]


def test_no_such_day_is_an_error(italian: None) -> None:
    assert found("martedì 31/04 e giovedì 29 febbraio") == [
        "storia.md:1: «martedì 31/04» non è una data",
        "storia.md:1: «giovedì 29 febbraio» non è una data",
    ]


def test_a_weekday_without_a_date_or_a_bare_date_is_not_a_claim() -> None:
    assert found("venerdì alle 15/16, il 15/03 (lunedì), venerdì 15/03/20271") == []
