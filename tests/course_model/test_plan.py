from pathlib import Path

import pytest

from course_model.errors import ContentError
from course_model.plan import Branding, load_course_plan
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


PLAN = "title: X\nedition: {code: A, start: 2027-01-01, end: 2027-02-01}\nunits: []\n"


def plan_with(tmp_path: Path, branding: str) -> Path:
    path = tmp_path / "course.yml"
    path.write_text(PLAN + "branding:\n" + branding, encoding="utf-8")
    return path


def test_branding_is_read_and_normalised(tmp_path):
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    path = plan_with(
        tmp_path,
        '  logo: media/logo.svg\n  primary: "#7A1F5C"\n  accent: "#b34"\n'
        "  font: Georgia ,  'Times New Roman', serif\n",
    )
    branding = load_course_plan(path).branding
    assert branding.logo == tmp_path / "media" / "logo.svg"
    assert (branding.primary, branding.accent) == ("#7a1f5c", "#bb3344")
    assert branding.font == "Georgia, 'Times New Roman', serif"


def test_without_branding_the_runtime_keeps_its_own(tmp_path):
    path = tmp_path / "course.yml"
    path.write_text(PLAN, encoding="utf-8")
    assert load_course_plan(path).branding == Branding()


@pytest.mark.parametrize(
    "branding, line, message",
    [
        ('  primary: "#777"\n', 5, "contrast of 4.11:1 .* below the 4.5:1"),
        ('  font: serif\n  primary: "#5b9bd5"\n', 6, "choose a darker colour"),
        ('  accent: "#aaaaaa"\n', 5, "below the 3:1"),
        ("  primary: #0b5394\n", 5, "write the colour in quotes"),
        ('  primary: "blu"\n', 5, "must be a colour written"),
        ('  font: "Arial; } body { color: red"\n', 5, "list of font families"),
        ("  font: url(https://example.org/f.woff), serif\n", 5, "load none"),
        ("  font: Georgia\n", 5, "ending with a generic one"),
        ("  logo: ../logo.png\n", 5, "inside the content folder"),
        ("  logo: /etc/logo.png\n", 5, "inside the content folder"),
        ("  logo: media/logo.pdf\n", 5, "must be an image"),
        ("  logo: media/nessuno.png\n", 5, "not found"),
        ("  colour: red\n", 5, "unknown field 'colour'"),
    ],
)
def test_branding_errors_name_the_line(tmp_path, branding, line, message):
    with pytest.raises(ContentError, match=message) as error:
        load_course_plan(plan_with(tmp_path, branding))
    assert error.value.line == line


def test_branding_errors_in_italian(tmp_path, italian):
    with pytest.raises(ContentError, match="scegli un colore più scuro"):
        load_course_plan(plan_with(tmp_path, '  primary: "#999999"\n'))
