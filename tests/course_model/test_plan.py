from pathlib import Path

import pytest

from course_model.errors import ContentError
from course_model.plan import load_course_plan
from course_model.standard import load_standard

REPO = Path(__file__).resolve().parents[2]


def test_shipped_plan_adds_up_to_the_standard():
    standard = load_standard(REPO / "content" / "standard.yml")
    plan = load_course_plan(REPO / "content" / "course.yml")
    hours = plan.hours_by_modality()
    assert plan.total_hours >= standard.hours.total_min
    assert plan.classroom_hours >= standard.hours.aula_min
    assert hours["lab"] + hours["stage"] >= standard.hours.internship_lab_min
    assert plan.key_competences >= standard.hours.key_competences


def test_error_names_file_and_line(tmp_path):
    path = tmp_path / "course.yml"
    path.write_text(
        "title: X\nedition: {code: A, start: 2027-01-01, end: 2027-02-01}\nunits:\n"
        "  - id: uf1\n    hours: {aula: 10, remote: 3}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as error:
        load_course_plan(path)
    assert error.value.line == 5
    assert "unknown field 'remote'" in str(error.value)
    assert str(error.value).startswith(f"{path}:5:")


def test_negative_hours_are_refused(tmp_path):
    path = tmp_path / "course.yml"
    path.write_text(
        "title: X\nedition: {code: A, start: 2027-01-01, end: 2027-02-01}\nunits:\n"
        "  - id: uf1\n    hours:\n      aula: -1\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="must not be negative") as error:
        load_course_plan(path)
    assert error.value.line == 6


def test_records_are_not_tuples():
    from course_model.plan import UnitHours

    assert UnitHours(aula=3) != (3, 0, 0, 0, 0)
    assert UnitHours(aula=3) == UnitHours(3)


def test_a_unit_starts_when_the_hours_before_it_have_run_or_on_its_own_date(tmp_path):
    path = tmp_path / "course.yml"
    path.write_text(
        "title: X\nedition: {code: A, start: 2027-01-01, end: 2027-01-31}\nunits:\n"
        "  - id: uf1\n    hours: {aula: 10}\n  - id: uf2\n    hours: {aula: 20}\n"
        "  - id: uf3\n    hours: {aula: 30}\n    start: 2027-01-05\n",
        encoding="utf-8",
    )
    plan = load_course_plan(path)
    # 30 days: uf2 starts after 10 of the 60 hours (5 days), uf3 on its own date
    assert [plan.unit_start(u.id).isoformat() for u in plan.units] == [
        "2027-01-01",
        "2027-01-06",
        "2027-01-05",
    ]
    path.write_text(path.read_text().replace("2027-01-05", "2027-03-01"), encoding="utf-8")
    with pytest.raises(ContentError, match="unit uf3 starts on 2027-03-01, outside the edition"):
        load_course_plan(path)
