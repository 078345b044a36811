import os

import pytest

from course_model.errors import ContentError
from scormgen.structure.course import load_course, split_screens
from scormgen.structure.references import find_references


def test_course_loads_units_lessons_and_screens(course_dir):
    course = load_course(course_dir)
    assert [u.id for u in course.units] == ["uf1-prima", "uf2-seconda"]
    unit = course.units[0]
    assert [lesson.id for lesson in unit.lessons] == ["apertura", "chiusura"]
    lesson = unit.lessons[0]
    assert lesson.covers == ("A1", "K1") and lesson.duration == 20
    assert len(lesson.screens) == 3
    assert lesson.screens[1].markdown.startswith("## Seconda schermata")
    assert (
        lesson.images[0].target == "media/ciclo.svg" and lesson.images[0].alt == "Schema del ciclo"
    )
    # the image is on line 20 of the lesson file
    assert lesson.path.read_text().split("\n")[lesson.images[0].line - 1].startswith("![Schema")


def test_screen_split_ignores_rules_inside_code_fences():
    screens = split_screens("a\n```\n---\n```\n---\nb", first_line=10)
    assert len(screens) == 2
    assert screens[1].markdown == "b" and screens[1].line == 15


def test_links_and_images_carry_their_line_and_stay_within_one_line():
    screens = split_screens(
        'Intro\n---\n## Due\n\nVedi [la scheda](scheda.pdf "Scheda")\n'
        "![Ciclo](media/ciclo.svg) e [non\nun link](x.pdf)",
        first_line=5,
    )
    found = find_references((screen.markdown, screen.line) for screen in screens)
    assert [(i.target, i.line, i.alt) for i in found.images] == [("media/ciclo.svg", 10, "Ciclo")]
    assert [(link.target, link.line) for link in found.links] == [("scheda.pdf", 9)]


def test_unknown_covers_id_names_the_line(course_dir):
    lesson = course_dir / "uf1-prima" / "02-chiusura.md"
    lesson.write_text(lesson.read_text().replace("covers: [A2]", "covers: [A9]"))
    with pytest.raises(ContentError, match="covers 'A9'") as error:
        load_course(course_dir)
    assert error.value.path == lesson and error.value.line == 4


def test_missing_front_matter_is_an_error(course_dir):
    lesson = course_dir / "uf1-prima" / "02-chiusura.md"
    lesson.write_text("# Senza front matter\n")
    with pytest.raises(ContentError, match="front matter") as error:
        load_course(course_dir)
    assert error.value.line == 1


def test_bad_duration_is_an_error(course_dir):
    lesson = course_dir / "uf1-prima" / "02-chiusura.md"
    lesson.write_text(lesson.read_text().replace("duration: 30", "duration: dieci"))
    with pytest.raises(ContentError, match="'duration' must be a whole number") as error:
        load_course(course_dir)
    assert error.value.line == 3


def test_lesson_ids_ignore_the_number_prefix_and_must_be_unique(course_dir, lesson_writer):
    lesson_writer(course_dir / "uf1-prima", "05-apertura.md", "Doppia", 5, "A1")
    with pytest.raises(ContentError, match="lesson id 'apertura' is also used"):
        load_course(course_dir)


def test_unit_folder_must_match_the_plan(course_dir):
    unit = course_dir / "uf2-seconda" / "unit.yml"
    unit.write_text(unit.read_text().replace("id: uf2-seconda", "id: uf2-altra"))
    with pytest.raises(ContentError, match="differs from the folder name") as error:
        load_course(course_dir)
    assert error.value.line == 1


def test_unknown_standard_code(course_dir):
    unit = course_dir / "uf2-seconda" / "unit.yml"
    unit.write_text(unit.read_text().replace('standard: "1002"', 'standard: "9999"'))
    with pytest.raises(ContentError, match="'9999' is not a unit of the standard"):
        load_course(course_dir)


@pytest.mark.parametrize(
    "link, message",
    [
        (
            "02-chiusra.md",
            "link to '02-chiusra.md': there is no lesson 02-chiusra.md in this unit; did you mean "
            "'02-chiusura.md'?",
        ),
        (
            "../uf2-seconda/01-unica.md#a",
            "link to '../uf2-seconda/01-unica.md#a', a lesson of another unit (uf2-seconda): only "
            "the lessons of one unit are in one package, so link to lessons of this unit",
        ),
        ("../../README.md", "link to '../../README.md': a lesson link names a lesson of this unit"),
    ],
)
def test_a_lesson_link_names_a_lesson_of_the_unit(course_dir, link, message):
    lesson = course_dir / "uf1-prima" / "01-apertura.md"
    lesson.write_text(lesson.read_text().replace("Primo paragrafo", f"[Vedi]({link})"))
    with pytest.raises(ContentError) as refused:
        load_course(course_dir)
    assert (refused.value.path, refused.value.line, refused.value.message) == (lesson, 11, message)


def test_lesson_links_name_the_lesson_they_open(course_dir):
    lesson = course_dir / "uf1-prima" / "01-apertura.md"
    lesson.write_text(lesson.read_text().replace("Primo", "[Poi](02-chiusura.md#fine). Primo"))
    [link] = load_course(course_dir).units[0].lessons[0].lesson_links
    assert (link.target, link.lesson, link.anchor, link.line) == (
        "02-chiusura.md#fine",
        "chiusura",
        "fine",
        11,
    )


@pytest.mark.parametrize("where", ["lesson", "task", "company profile"])
def test_control_characters_are_errors_of_their_line_as_in_a_quiz(course_dir, where):
    path = {
        "lesson": course_dir / "uf1-prima" / "01-apertura.md",
        "task": course_dir / "uf1-prima" / "tasks" / "01-compito.md",
        "company profile": course_dir / "azienda.md",
    }[where]
    path.parent.mkdir(exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else "---\ntitle: Caso\n---\n"
    lines = text.count("\n")
    path.write_text(text + "Fine\x01lezione \x1b[31mrosso\n\x00\n", encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        load_course(course_dir)
    assert refused.value.details.splitlines() == [
        f"{path}:{lines + 1}: error: control character U+0001 is not allowed",
        f"{path}:{lines + 1}: error: control character U+001B is not allowed",
        f"{path}:{lines + 2}: error: control character U+0000 is not allowed",
    ]


def test_an_unknown_field_of_unit_yml_is_an_error_of_its_line_as_in_a_lesson(course_dir):
    unit = course_dir / "uf2-seconda" / "unit.yml"
    unit.write_text(unit.read_text().replace("mastery: 60", "mastery: 60\nmastry: 90"))
    with pytest.raises(ContentError) as refused:
        load_course(course_dir)
    assert str(refused.value) == (
        f"{unit}:6: unknown field 'mastry' (expected one of: description, id, mastery, quiz, "
        "quiz_duration, standard, title)"
    )


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_quiz_path_that_is_no_file_is_said_so_on_its_line(course_dir, kind):
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.unlink()
    if kind == "folder":
        quiz.mkdir()
    else:
        os.mkfifo(quiz)  # read, it would wait for a writer
    with pytest.raises(ContentError) as refused:
        load_course(course_dir)
    unit = course_dir / "uf1-prima" / "unit.yml"
    assert str(refused.value) == f"{unit}:6: the quiz quizzes/uf1-prima.md is not a file"
    (quiz.rmdir if kind == "folder" else quiz.unlink)()
    with pytest.raises(ContentError, match="quiz file quizzes/uf1-prima.md not found"):
        load_course(course_dir)
