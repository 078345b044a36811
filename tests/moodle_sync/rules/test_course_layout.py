from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from course_model.errors import InputError
from course_model.plan import load_course_plan, timestamp
from course_model.standard import load_standard
from moodle_sync.files.buildreport import load_build
from moodle_sync.rules.course_layout import course_layout, slug
from tests.conftest import UNIT_HOURS, write_content


def test_layout_of_an_edition(course: tuple, build: Path) -> None:
    layout = course_layout(*course, load_build(build), "ED-9")
    assert (layout.category.name, layout.category.idnumber) == (
        "Qualificazioni di prova",
        "qualificazioni-di-prova",
    )
    assert (layout.course.shortname, layout.course.idnumber) == ("ED-9", "ED-9")
    assert layout.course.fullname == "Corso di prova (ED-9)"
    assert [(s.number, s.name) for s in layout.sections] == [
        (1, "UF1 · Assistenza all'utente"),
        (2, "UF2 · Manutenzione del sistema"),
    ]
    assert [(a.idnumber, a.section, a.name) for a in layout.activities] == [
        ("uf1-utente", 1, "Assistenza all'utente del CRM"),
        ("uf2-manutenzione", 2, "Manutenzione del CRM"),
    ]
    assert "2 lezioni e la verifica finale (soglia 60%)" in layout.activities[0].intro


def test_the_edition_code_defaults_to_the_plan(course: tuple, build: Path) -> None:
    assert course_layout(*course, load_build(build)).course.idnumber == "ED-1"


def test_dates_are_midnight_in_italy(course: tuple, build: Path) -> None:
    layout = course_layout(*course, load_build(build))
    start = dt.datetime.fromtimestamp(layout.course.startdate, dt.timezone(dt.timedelta(hours=1)))
    assert start.isoformat() == "2027-01-11T00:00:00+01:00"
    assert timestamp(dt.date(2027, 7, 1)) == int(
        dt.datetime(2027, 6, 30, 22, tzinfo=dt.UTC).timestamp()
    )


def test_the_summary_holds_the_hour_plan(course: tuple, build: Path) -> None:
    summary = course_layout(*course, load_build(build)).course.summary
    assert (
        "<tr><td>UF1 · Assistenza all&#x27;utente</td><td>25</td><td>8</td><td>3</td><td>5</td>"
        "<td>10</td><td>51</td></tr>" in summary
    )
    assert "<tr><td>Competenze chiave</td><td>10</td><td>0</td>" in summary
    assert (
        "<tr><th>Totale</th><th>60</th><th>14</th><th>6</th><th>10</th><th>20</th><th>110</th></tr>"
        in summary
    )


def test_the_summary_writes_hours_the_italian_way(tmp_path: Path, build: Path) -> None:
    content = write_content(
        tmp_path / "content",
        {**UNIT_HOURS, "uf1-utente": {**UNIT_HOURS["uf1-utente"], "sync": 7.5}},
    )
    plan = load_course_plan(content / "course.yml")
    summary = course_layout(
        load_standard(content / "standard.yml"), plan, load_build(build)
    ).course.summary
    assert "<td>7,5</td>" in summary and "7.5" not in summary


def test_a_plan_unit_missing_from_the_build_is_named(course: tuple, build: Path) -> None:
    units = load_build(build)
    del units["uf2-manutenzione"]
    with pytest.raises(
        InputError, match="course.yml:7: unit uf2-manutenzione is in the plan but not in the build"
    ):
        course_layout(*course, units)


def test_slug() -> None:
    assert slug("Qualificazioni Regione Campania!") == "qualificazioni-regione-campania"
