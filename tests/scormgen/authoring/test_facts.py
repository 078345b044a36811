import os
import re
from pathlib import Path

import pytest

from course_model.errors import ContentError
from scormgen.authoring.anchors import Lines, anchored
from scormgen.authoring.check import check_course
from scormgen.authoring.facts import case_errors, contradictions, load_facts
from scormgen.structure.course import load_case_profile, load_course

REPO = Path(__file__).resolve().parents[3]

PROFILE = """\
---
title: Il caso
story_year: 2027
facts:
  - id: orario
    label: Orario dell'assistenza
    value: "8:30-17:30"
    find: 'assistenza\\b[^.]{0,40}?\\d{1,2}:\\d{2}-\\d{1,2}:\\d{2}'
    expect: '8:30-17:30'
---

# Il caso
"""


def test_a_statement_with_another_value_is_a_contradiction(tmp_path: Path) -> None:
    profile = tmp_path / "azienda.md"
    profile.write_text(PROFILE, encoding="utf-8")
    facts = load_facts(load_case_profile(profile)).facts
    text = "Riga uno.\nL'assistenza è aperta 9:00-18:00.\nL'assistenza risponde 8:30-17:30."
    [found] = contradictions(facts, Path("lezione.md"), Lines(text))
    assert (found.fact.id, found.line, found.found) == (
        "orario",
        2,
        "assistenza è aperta 9:00-18:00",
    )


def test_a_broken_pattern_is_an_error_with_its_line(tmp_path: Path) -> None:
    profile = tmp_path / "azienda.md"
    profile.write_text(
        PROFILE.replace("expect: '8:30-17:30'", "expect: '8:30-(17:30'"), encoding="utf-8"
    )
    with pytest.raises(ContentError, match=r"azienda.md:9: 'expect' is not a valid pattern"):
        load_facts(load_case_profile(profile))


def test_no_profile_no_facts(tmp_path: Path) -> None:
    assert load_case_profile(tmp_path / "azienda.md") is None
    assert load_facts(None).facts == ()


@pytest.mark.parametrize(
    "pattern, anchors",
    [
        (r"(?i)\bGiulia\s+Esposito\b", ("esposito",)),
        (r"(?:ab)?cd|x(?:yz|wv)+", ("cd", "wv", "yz")),
        (r"\bP1\b[^|]*\|", ("p1",)),
        (r"a*|bc", ()),  # one branch requires no text: every line is searched
        (r"(?:foo)?\d+", ()),
    ],
)
def test_a_pattern_is_tried_only_on_lines_holding_the_text_it_requires(
    pattern: str, anchors: tuple[str, ...]
) -> None:
    assert anchored(re.compile(pattern)).anchors == anchors


def test_searching_only_anchored_lines_finds_what_a_full_search_finds() -> None:
    """Every pattern the course uses, on every line of the course: same matches either way."""
    profile = load_facts(load_case_profile(REPO / "content" / "azienda.md"))
    from scormgen.authoring.weekdays import _ANCHORED

    patterns = [fact.find for fact in profile.facts] + [_ANCHORED]
    assert all(p.anchors for p in patterns)
    for path in [*(REPO / "content").rglob("*.md"), *(REPO / "quizzes").glob("*.md")]:
        text = path.read_text(encoding="utf-8")
        lines = Lines(text)
        for pattern in patterns:
            full = [
                (number, match.span())
                for number, line in enumerate(text.splitlines(), start=1)
                for match in pattern.pattern.finditer(line)
            ]
            assert [(n, m.span()) for n, m in lines.finditer(pattern)] == full, (path, pattern)


def test_the_shipped_course_agrees_with_its_company_profile() -> None:
    course = load_course(REPO / "content")
    assert len(load_facts(course.profile).facts) >= 20
    assert [str(error) for error in case_errors(course)] == []


def _with_profile(course_dir: Path, lesson_text: str) -> Path:
    (course_dir / "azienda.md").write_text(PROFILE, encoding="utf-8")
    lesson = course_dir / "uf1-prima" / "01-apertura.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("Primo paragrafo", lesson_text),
        encoding="utf-8",
    )
    return lesson


def test_check_reports_a_contradiction_with_the_fact_and_the_profiles_value(
    course_dir: Path,
) -> None:
    lesson = _with_profile(course_dir, "L'assistenza è aperta 9:00-18:00. Primo paragrafo")
    assert [str(f) for f in check_course(course_dir)] == [
        f"{lesson}:11: error: Orario dell'assistenza: 'assistenza è aperta 9:00-18:00' "
        "contradicts the company profile, which says 8:30-17:30"
    ]


def test_check_reads_lab_tasks_and_quizzes_too(course_dir: Path, italian: None) -> None:
    (course_dir / "azienda.md").write_text(PROFILE, encoding="utf-8")
    task = course_dir / "uf2-seconda" / "tasks" / "01-compito.md"
    task.parent.mkdir()
    task.write_text("# Compito\n\nL'assistenza risponde 9:00-17:00.\n", encoding="utf-8")
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.write_text(
        quiz.read_text(encoding="utf-8") + "\n2.  Consegna di venerdì 15/03: chi firma?\n"
        "*a) Il vettore\nb)  Il cliente\n",
        encoding="utf-8",
    )
    found = [str(f) for f in check_course(course_dir)]
    assert f"{quiz}:8: errore: «venerdì 15/03»: il 15/03/2027 cade di lunedì" in found
    assert (
        f"{task}:3: errore: Orario dell'assistenza: «assistenza risponde 9:00-17:00» "
        "contraddice la scheda dell'azienda, che indica 8:30-17:30" in found
    )


def test_a_broken_profile_is_a_finding_not_a_crash(course_dir: Path) -> None:
    profile = course_dir / "azienda.md"
    profile.write_text("# Il caso\n", encoding="utf-8")
    assert [str(f) for f in check_course(course_dir)] == [
        f"{profile}:1: error: the file starts with YAML front matter between '---' lines"
    ]
    profile.write_text(PROFILE.replace("    expect: '8:30-17:30'\n", ""), encoding="utf-8")
    assert [str(f) for f in check_course(course_dir)] == [
        f"{profile}:5: error: missing required field 'expect'"
    ]


def test_check_reports_an_unreadable_story_file_as_the_build_does(course_dir: Path) -> None:
    (course_dir / "azienda.md").write_text(PROFILE, encoding="utf-8")
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.write_bytes(quiz.read_bytes() + b"caff\xe8\n")
    tasks = course_dir / "uf2-seconda" / "tasks"
    tasks.mkdir()
    os.mkfifo(tasks / "01-compito.md")  # read as a file, it would wait for a writer forever
    assert [str(f) for f in check_course(course_dir)] == [
        f"{tasks / '01-compito.md'}: error: not a file",
        f"{quiz}:7: error: not UTF-8 text",
    ]
