import zipfile

import pytest

from course_model.errors import ContentErrors
from scormgen.authoring.check import check_course
from scormgen.build import build


def messages(content):
    return [str(f) for f in check_course(content)]


def test_a_sound_course_has_no_findings(course_dir):
    assert check_course(course_dir) == []


def test_missing_alt_text_and_missing_image(course_dir):
    lesson = course_dir / "uf1-prima" / "01-apertura.md"
    lesson.write_text(
        lesson.read_text().replace(
            "![Schema del ciclo](media/ciclo.svg)",
            "![](media/ciclo.svg)\n\n![Altro](media/assente.png)",
        )
    )
    assert messages(course_dir) == [
        f"{lesson}:19: error: image 'media/ciclo.svg' has no alt text",
        f"{lesson}:21: error: image 'media/assente.png' not found",
    ]


def test_remote_image_and_broken_local_link(course_dir):
    lesson = course_dir / "uf1-prima" / "01-apertura.md"
    lesson.write_text(
        lesson.read_text().replace(
            "Primo paragrafo",
            "Vedi [modulo](allegati/modulo.pdf) e ![logo](https://cdn.example.com/l.png). Primo",
        )
    )
    found = messages(course_dir)
    assert (
        f"{lesson}:11: error: 'https://cdn.example.com/l.png' is not a local file: packages "
        "must be self-contained" in found
    )
    assert f"{lesson}:11: error: link to 'allegati/modulo.pdf', which does not exist" in found


def test_uncovered_items_and_durations_against_the_plan(course_dir):
    lesson = course_dir / "uf1-prima" / "02-chiusura.md"
    lesson.write_text(
        lesson.read_text()
        .replace("covers: [A2]", "covers: [A1]")
        .replace("duration: 30", "duration: 35")
    )
    found = messages(course_dir)
    assert (
        f"{course_dir / 'uf1-prima' / 'unit.yml'}: error: no lesson covers A2 of UF 1001" in found
    )
    assert any(
        m.startswith(
            f"{course_dir / 'course.yml'}:6: error: lessons (55 min) + quiz (10 min) + "
            "asynchronous tasks (0 min) = 65 min, "
            "but course.yml plans 1 h = 60 min"
        )
        for m in found
    )


def test_front_matter_error_is_reported_not_raised(course_dir):
    lesson = course_dir / "uf2-seconda" / "01-unica.md"
    lesson.write_text(lesson.read_text().replace("title: Unica\n", "title: [Unica\n"))
    [finding] = check_course(course_dir)
    # YAML notices the unclosed list on the next line
    assert finding.path == lesson and finding.line == 3 and "invalid YAML" in finding.message


def test_quiz_items_must_belong_to_the_unit_and_all_be_assessed(course_dir):
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.write_text(
        "Quiz title: Prova\n\nCovers: A1, K7\n1.  Vero?\n*a) Vero\nb)  Falso\n", encoding="utf-8"
    )
    assert messages(course_dir) == [
        f"{quiz}:4: error: Covers: K7 is not an item of UF 1001",
        f"{quiz}: error: no question assesses A2, K1 of UF 1001",
    ]


def test_quiz_syntax_errors_are_findings(course_dir):
    quiz = course_dir.parent / "quizzes" / "uf2-seconda.md"
    quiz.write_text("Quiz title: Prova\n\n1.  Vero?\n*a) Vero\n*b) Anche\n", encoding="utf-8")
    [finding] = check_course(course_dir)
    assert finding.path == quiz and finding.line is not None and finding.severity == "error"


POOLED = """\
Quiz title: Prova
Mastery: 60%

GROUP
Pick: 1
Covers: A1, A2
1.  Prima?
*a) Vero
b)  Falso
Covers: K1
2.  Seconda?
*a) Vero
b)  Falso
END_GROUP
"""


def test_an_item_a_draw_may_skip_is_an_error(course_dir):
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.write_text(POOLED, encoding="utf-8")
    found = messages(course_dir)
    for item in ("A1", "A2", "K1"):
        assert (
            f"{quiz}: error: {item} is not assessed in every attempt: the pools that hold its "
            "questions skip it in 50% of attempts (put its questions where every draw takes one)"
        ) in found


def test_a_pool_whose_every_draw_takes_the_item_is_enough(course_dir):
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.write_text(POOLED.replace("Pick: 1", "Pick: 2"), encoding="utf-8")
    assert check_course(course_dir) == []


def test_skip_probability_multiplies_independent_pools():
    from scormgen.authoring.check import skip_probability
    from scormgen.quiz.parser import parse_quiz

    pool = (
        "GROUP\nPick: 1\nCovers: {a}\n{n}1.  Uno {n}?\n*a) Vero\nb)  Falso\nCovers: K9\n"
        "{n}2.  Due {n}?\n*a) Vero\nb)  Falso\nEND_GROUP\n"
    )
    quiz = parse_quiz("Quiz title: x\n\n" + pool.format(a="A1", n=1) + pool.format(a="A1", n=2))
    assert skip_probability(quiz, "A1") == 0.25
    assert (
        skip_probability(parse_quiz("Quiz title: x\n\n" + pool.format(a="A1, K9", n=1)), "K9")
        == 0.0
    )
    assert skip_probability(quiz, "K1") == 1.0


def test_a_unit_without_a_verification_is_an_error(course_dir):
    unit = course_dir / "uf2-seconda" / "unit.yml"
    unit.write_text(unit.read_text().replace("quiz: quizzes/uf2-seconda.md\n", ""))
    assert messages(course_dir) == [
        f"{unit}: error: the unit has no verification: the standard requires one at the end of "
        "each unit (set 'quiz' in unit.yml)"
    ]


def test_keys_that_give_the_answer_away_are_warnings(course_dir):
    quiz = course_dir.parent / "quizzes" / "uf2-seconda.md"
    tf = "".join(
        f"Covers: A1, K1\n{n}.  Affermazione {n}?\na)  Vero\n*b) Falso\n\n" for n in range(1, 5)
    )
    choice = "".join(
        f"{n}.  Domanda {n}?\na)  No\n*b) La risposta lunga\nc)  Nemmeno\n\n" for n in range(5, 9)
    )
    quiz.write_text(f"Quiz title: Prova\n\n{tf}{choice}", encoding="utf-8")
    assert messages(course_dir) == [
        f"{quiz}: warning: true/false keys are unbalanced: 0 true and 4 false",
        f"{quiz}: warning: the right option is the longest in 4 of 4 single-choice questions: "
        "length gives the answer away",
    ]


def test_the_same_question_in_two_units_is_a_warning(course_dir):
    quiz1, quiz2 = (course_dir.parent / "quizzes" / f"{u}.md" for u in ("uf1-prima", "uf2-seconda"))
    quiz2.write_text(quiz2.read_text().replace("UF 1002", "UF 1001"), encoding="utf-8")
    assert messages(course_dir) == [
        f"{quiz2}:4: warning: the same question is in uf1-prima ({quiz1.name}:4)"
    ]


FOUR_PROBLEMS = """\
---
title: Apertura
duration: venti
covers: [A1, Z9]
livello: base
---

# Apertura

![Schema](media/manca.svg)
"""

THREE_SYNTAX_ERRORS = """\
Quiz title: Prova

Covers: A1, A2, K1
1.  Prima?
*a) Vero
*b) Anche vero

questa riga non è un elemento

Points: tanti
2.  Seconda?
*a) Vero
b)  Falso
"""


def test_every_problem_of_every_file_is_reported_in_one_run(course_dir):
    lesson = course_dir / "uf1-prima" / "01-apertura.md"
    lesson.write_text(FOUR_PROBLEMS, encoding="utf-8")
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.write_text(THREE_SYNTAX_ERRORS, encoding="utf-8")
    found = messages(course_dir)
    assert found == [
        f"{lesson}:3: error: 'duration' must be a whole number, not 'venti'",
        f"{lesson}:4: error: covers 'Z9', which is not an item of UF 1001 (A1, A2, K1)",
        f"{lesson}:5: error: unknown field 'livello' (expected one of: covers, duration, glossary, "
        "id, objectives, title)",
        f"{lesson}:10: error: image 'media/manca.svg' not found",
        f"{course_dir / 'uf1-prima' / 'unit.yml'}: error: no lesson covers K1 of UF 1001",
        f"{quiz}:4: error: this single-choice question has more than one correct choice: mark "
        "one, or make it a multiple-answer question",
        f"{quiz}:8: error: unexpected text 'questa riga non è un elemento': expected a question "
        "('1. …'), an answer, feedback, an option ('Name: value') or a continuation line "
        "indented to the text above",
        f"{quiz}:10: error: Points: expected a positive number, not 'tanti'",
    ]


def test_the_build_refuses_the_same_errors_all_at_once_and_writes_nothing(course_dir, tmp_path):
    (course_dir / "uf1-prima" / "01-apertura.md").write_text(FOUR_PROBLEMS, encoding="utf-8")
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.write_text(THREE_SYNTAX_ERRORS, encoding="utf-8")
    with pytest.raises(ContentErrors) as refused:
        build(course_dir, tmp_path / "out")
    checked = [f for f in messages(course_dir) if "no lesson covers" not in f]
    assert refused.value.details.splitlines() == checked and len(checked) == 7
    assert not (tmp_path / "out").exists()


def _quiz_mastery(course_dir, percent: int) -> None:
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.write_text(
        quiz.read_text().replace("Quiz title: Prova\n", f"Quiz title: Prova\nMastery: {percent}%\n")
    )


def test_two_different_pass_marks_are_a_warning_and_the_quiz_s_applies(course_dir, tmp_path):
    _quiz_mastery(course_dir, 75)
    [finding] = check_course(course_dir)
    assert str(finding) == (
        f"{course_dir / 'uf1-prima' / 'unit.yml'}:5: warning: the quiz's 'Mastery: 75%' and "
        "this file's 'mastery: 60' differ: the quiz's pass mark applies; write it in one place"
    )
    report = build(course_dir, tmp_path / "out")
    assert [unit["mastery"] for unit in report["units"]] == [75, 60]
    for fmt, written in (
        ("scorm12", b"<adlcp:masteryscore>75<"),
        ("scorm2004", b"<imsss:minNormalizedMeasure>0.75<"),
    ):
        with zipfile.ZipFile(tmp_path / "out" / fmt / "uf1-prima.zip") as archive:
            assert written in archive.read("imsmanifest.xml")
            assert "almeno il 75 % del punteggio" in archive.read("verifica.html").decode("utf-8")


def test_the_same_pass_mark_in_both_places_is_no_warning(course_dir):
    _quiz_mastery(course_dir, 60)
    assert check_course(course_dir) == []


def test_an_unknown_box_type_is_a_warning_of_its_line(course_dir):
    lesson = course_dir / "uf1-prima" / "01-apertura.md"
    lesson.write_text(
        lesson.read_text().replace(
            "Primo paragrafo",
            '!!! warnin "Attenzione"\n    Testo.\n\n```\n!!! codice\n```\n\n!!! tip\n    Bene.\n\n'
            "Primo paragrafo",
        )
    )
    [finding] = check_course(course_dir)
    assert str(finding) == (
        f"{lesson}:11: warning: unknown box type '!!! warnin': the known ones are note, tip, "
        "warning, example, solution; did you mean 'warning'?"
    )


def test_the_quiz_s_pass_mark_is_enough_without_one_in_unit_yml(course_dir, tmp_path):
    unit = course_dir / "uf1-prima" / "unit.yml"
    unit.write_text(unit.read_text().replace("mastery: 60\n", ""))
    _quiz_mastery(course_dir, 75)
    assert check_course(course_dir) == []
    report = build(course_dir, tmp_path / "out")
    assert [unit["mastery"] for unit in report["units"]] == [75, 60]


def test_a_pass_mark_in_neither_place_is_an_error_found_with_the_others(course_dir, tmp_path):
    unit = course_dir / "uf1-prima" / "unit.yml"
    unit.write_text(unit.read_text().replace("mastery: 60\n", ""))
    lesson = course_dir / "uf1-prima" / "01-apertura.md"
    lesson.write_text(lesson.read_text().replace("duration: 20", "duration: -1"))
    expected = [
        f"{lesson}:3: error: 'duration' is a positive number of minutes",
        f"{unit}: error: missing required field 'mastery', needed unless the quiz file writes "
        "'Mastery:'",
    ]
    assert messages(course_dir) == expected
    with pytest.raises(ContentErrors) as refused:
        build(course_dir, tmp_path / "out")
    assert refused.value.details.splitlines() == expected
