import pytest
from click.testing import CliRunner

from course_model.errors import ContentError
from scormgen.authoring.check import check_course
from scormgen.authoring.scaffold import new_lesson, new_unit
from scormgen.cli import main
from scormgen.structure.course import load_lesson
from scormgen.structure.findings import Findings


def test_a_new_unit_is_filled_from_the_standard_and_checks_clean(course_dir):
    scaffold = new_unit(course_dir, "uf3-terza", "1001")
    quiz = course_dir.parent / "quizzes" / "uf3-terza.md"
    assert scaffold.written == (
        course_dir / "uf3-terza" / "unit.yml",
        course_dir / "uf3-terza" / "01-introduzione.md",
        quiz,
    )
    unit_yml = (course_dir / "uf3-terza" / "unit.yml").read_text(encoding="utf-8")
    assert 'standard: "1001"' in unit_yml and "title: Prima unità" in unit_yml
    assert [line for line in quiz.read_text().splitlines() if line.startswith("Covers:")] == [
        "Covers: A1",
        "Covers: A2",
        "Covers: K1",
    ]
    plan = course_dir / "course.yml"
    plan.write_text(plan.read_text().rstrip("\n") + "\n" + scaffold.course_entry)
    assert [str(f) for f in check_course(course_dir) if f.severity == "error"] == []


def test_scaffolding_never_overwrites(course_dir):
    new_unit(course_dir, "uf3-terza", "1001", title="Terza")
    lesson = course_dir / "uf3-terza" / "01-introduzione.md"
    lesson.write_text("mio")
    with pytest.raises(ContentError) as refused:
        new_unit(course_dir, "uf3-terza", "1002")
    assert str(refused.value) == (
        f"{course_dir / 'uf3-terza' / 'unit.yml'}: this file exists already: nothing was written"
    )
    assert lesson.read_text() == "mio"


@pytest.mark.parametrize(
    "unit_id, code, message",
    [
        ("uf3", "1003", "'1003' is not a unit of the standard (1001, 1002); did you mean '1002'?"),
        (
            "UF3",
            "1001",
            "a unit name starts with a letter and holds only a-z, 0-9 and '-', not 'UF3'",
        ),
    ],
)
def test_a_new_unit_needs_a_code_of_the_standard_and_a_plain_id(course_dir, unit_id, code, message):
    with pytest.raises(ContentError) as refused:
        new_unit(course_dir, unit_id, code)
    assert refused.value.message == message
    assert not (course_dir / unit_id).exists()


def test_a_new_lesson_takes_the_next_number(course_dir):
    [path] = new_lesson(course_dir, "uf1-prima", "terza-parte").written
    assert path == course_dir / "uf1-prima" / "03-terza-parte.md"
    findings = Findings()
    lesson = load_lesson(path, None, findings)
    assert lesson is not None and findings.found == []
    assert (lesson.title, lesson.duration, lesson.covers, len(lesson.screens)) == (
        "Terza parte",
        15,
        (),
        2,
    )
    with pytest.raises(ContentError, match="there is no unit 'uf1-prim'; did you mean 'uf1-prima'"):
        new_lesson(course_dir, "uf1-prim", "altra")


def test_the_command_prints_what_it_wrote_and_the_course_entry(course_dir):
    result = CliRunner().invoke(
        main, ["new", "unit", "uf3-terza", "--standard", "1002", "--content", str(course_dir)]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"written: {course_dir / 'uf3-terza' / 'unit.yml'}"
    assert lines[3:] == [
        "add the unit to course.yml, under units:, with its hours:",
        "  - id: uf3-terza",
        "    hours: {aula: 0, sync: 0, async: 0.5, lab: 0, stage: 0}",
    ]
