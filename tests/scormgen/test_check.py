from scormgen.check import check_course


def messages(content):
    return [str(f) for f in check_course(content)]


def test_a_sound_course_has_no_findings(course_dir):
    assert check_course(course_dir) == []


def test_missing_alt_text_and_missing_image(course_dir):
    lesson = course_dir / "uf1-prima" / "01-apertura.md"
    lesson.write_text(lesson.read_text().replace("![Schema del ciclo](media/ciclo.svg)",
                                                 "![](media/ciclo.svg)\n\n![Altro](media/assente.png)"))
    assert messages(course_dir) == [
        f"{lesson}:19: error: image 'media/ciclo.svg' has no alt text",
        f"{lesson}:21: error: image 'media/assente.png' not found",
    ]


def test_remote_image_and_broken_local_link(course_dir):
    lesson = course_dir / "uf1-prima" / "01-apertura.md"
    lesson.write_text(lesson.read_text().replace(
        "Primo paragrafo", "Vedi [modulo](allegati/modulo.pdf) e ![logo](https://cdn.example.com/l.png). Primo"))
    found = messages(course_dir)
    assert f"{lesson}:11: error: 'https://cdn.example.com/l.png' is not a local file: packages must be self-contained" in found
    assert f"{lesson}:11: error: link to 'allegati/modulo.pdf', which does not exist" in found


def test_uncovered_items_and_durations_against_the_plan(course_dir):
    lesson = course_dir / "uf1-prima" / "02-chiusura.md"
    lesson.write_text(lesson.read_text().replace("covers: [A2]", "covers: [A1]").replace("duration: 30", "duration: 35"))
    found = messages(course_dir)
    assert f"{course_dir / 'uf1-prima' / 'unit.yml'}: error: no lesson covers A2 of UF 1001" in found
    assert any(m.startswith(f"{course_dir / 'course.yml'}:6: error: lessons (55 min) + quiz (10 min) = 65 min, "
                            "but course.yml plans 1 h = 60 min") for m in found)


def test_front_matter_error_is_reported_not_raised(course_dir):
    lesson = course_dir / "uf2-seconda" / "01-unica.md"
    lesson.write_text(lesson.read_text().replace("title: Unica\n", "title: [Unica\n"))
    [finding] = check_course(course_dir)
    # YAML notices the unclosed list on the next line
    assert finding.path == lesson and finding.line == 3 and "invalid YAML" in finding.message


def test_quiz_items_must_belong_to_the_unit_and_all_be_assessed(course_dir):
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.write_text("Quiz title: Prova\n\nCovers: A1, K7\n1.  Vero?\n*a) Vero\nb)  Falso\n", encoding="utf-8")
    assert messages(course_dir) == [
        f"{quiz}:4: error: Covers: K7 is not an item of UF 1001",
        f"{quiz}: error: no question assesses A2, K1 of UF 1001",
    ]


def test_quiz_syntax_errors_are_findings(course_dir):
    quiz = course_dir.parent / "quizzes" / "uf2-seconda.md"
    quiz.write_text("Quiz title: Prova\n\n1.  Vero?\n*a) Vero\n*b) Anche\n", encoding="utf-8")
    [finding] = check_course(course_dir)
    assert finding.path == quiz and finding.line is not None and finding.severity == "error"
