"""Practical tasks: read like lessons, every problem of a file found in one pass."""

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest

from course_model.errors import ContentError
from scormgen.authoring.check import check_course, check_with_coverage
from scormgen.build import build
from scormgen.structure.course import load_course

CONTENT = Path(__file__).resolve().parents[3] / "content"

TASK = """\
---
title: Prova di laboratorio
covers: [A1, K1]
modality: lab
duration: 120
submission: {text: true, files: 1, types: [.pdf], max_size_mb: 5}
due: 14
grade: 10
pass: 6
rubric:
  - criterion: Primo
    levels: [{points: 0, description: Niente}, {points: 4, description: Tutto}]
  - criterion: Secondo
    levels: [{points: 0, description: Niente}, {points: 3, description: Tutto}]
  - criterion: Terzo
    levels: [{points: 0, description: Niente}, {points: 1, description: Poco}, \
{points: 3, description: Tutto}]
---

# Prova di laboratorio

Scrivi il [documento](media/dati.csv).
"""


def write_task(course_dir: Path, text: str = TASK, name: str = "01-prova-lab.md") -> Path:
    folder = course_dir / "uf1-prima" / "tasks"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text)
    (folder / "media").mkdir(exist_ok=True)
    (folder / "media" / "dati.csv").write_text("a,b\n1,2\n")
    return path


def test_the_shipped_tasks_pass_check_and_every_unit_has_one():
    findings, coverage = check_with_coverage(CONTENT)
    assert [f for f in findings if f.severity == "error"] == []
    course = load_course(CONTENT)
    assert all(len(unit.tasks) == 1 for unit in course.units)
    assert coverage.count("Tasks") == len(course.units)


def test_a_task_is_read_with_its_rubric_and_submission(course_dir):
    write_task(course_dir)
    task = load_course(course_dir).unit("uf1-prima").tasks[0]
    assert (task.id, task.modality, task.duration, task.due) == ("prova-lab", "lab", 120, 14)
    assert (task.grade, task.pass_grade) == (10, 6)
    assert task.submission.text and task.submission.files == 1
    assert task.submission.types == (".pdf",)
    assert [len(c.levels) for c in task.rubric] == [2, 2, 3]
    assert check_course(course_dir) == []


def test_every_problem_of_a_task_file_in_one_pass(course_dir):
    bad = (
        TASK.replace("covers: [A1, K1]", "covers: [A1, Z9]")
        .replace("modality: lab", "modality: aula")
        .replace("duration: 120", "duration: 0")
        .replace("pass: 6", "pass: 11")
        .replace("{points: 4, description: Tutto}", "{points: 0, description: Tutto}")
        .replace("types: [.pdf]", "types: [pdf]")
    )
    path = write_task(course_dir, bad)
    found = [str(f) for f in check_course(course_dir)]
    assert found == [
        f"{path}:3: error: covers 'Z9', which is not an item of UF 1001 (A1, A2, K1)",
        f"{path}:4: error: 'modality' is lab or async",
        f"{path}:5: error: 'duration' is a positive number of minutes",
        f"{path}:6: error: file type 'pdf' is an extension like .pdf",
        f"{path}:9: error: 'pass' is above 0 and at most the grade (10)",
        f"{path}:10: error: the criteria's top levels add up to 6 points, but the grade is 10",
        f"{path}:11: error: the levels of criterion 'Primo' go up in points",
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("  - criterion: Terzo", "  - criterion: Terzo\n    levels: []\n  - criterion: X"),
            "criterion 'Terzo' needs at least two levels",
        ),
        (("  - criterion: Terzo", "  - criterion: Terzo\n    nothing: 1"), "unknown field"),
        (
            ("submission: {text: true, files: 1", "submission: {text: false, files: 0"),
            "online text",
        ),
        (("title: Prova", "id: verifica\ntitle: Prova"), "reserved"),
        (("title: Prova", "points: 3\ntitle: Prova"), "unknown field 'points'"),
    ],
)
def test_refused_tasks(course_dir, change, message):
    write_task(course_dir, TASK.replace(*change))
    with pytest.raises(ContentError, match=re.escape(message)):
        load_course(course_dir)


def test_a_rubric_has_three_to_five_criteria(course_dir):
    write_task(
        course_dir,
        TASK.replace(TASK[TASK.index("  - criterion: Terzo") : TASK.index("---\n\n")], ""),
    )
    with pytest.raises(ContentError) as refused:
        load_course(course_dir)
    assert "a rubric has 3 to 5 criteria, not 2" in refused.value.details


def test_a_task_id_a_lesson_uses_is_refused(course_dir):
    lesson_id = load_course(course_dir).unit("uf1-prima").lessons[0].id
    write_task(course_dir, name=f"01-{lesson_id}.md")
    with pytest.raises(ContentError, match="reserved or used"):
        load_course(course_dir)


def test_hours_hold_with_tasks(course_dir):
    write_task(course_dir, TASK.replace("duration: 120", "duration: 601"))
    assert [f.message for f in check_course(course_dir)] == [
        "the lab tasks take 601 min, more than the 10 h of lab that course.yml plans"
    ]
    write_task(course_dir, TASK.replace("modality: lab", "modality: async"))
    (message,) = [f.message for f in check_course(course_dir)]
    assert "+ asynchronous tasks (120 min) = 180 min, but course.yml plans 1 h = 60 min" in message


def test_the_report_lists_tasks_with_description_and_rubric(course_dir, tmp_path):
    write_task(course_dir)
    build(course_dir, tmp_path / "out", formats=("scorm12",))
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    (task,) = report["units"][0]["tasks"]
    assert task["rubric"][2] == {
        "description": "Terzo",
        "levels": [
            {"score": 0, "definition": "Niente"},
            {"score": 1, "definition": "Poco"},
            {"score": 3, "definition": "Tutto"},
        ],
    }
    assert (task["grade"], task["pass"], task["due"], task["modality"]) == (10, 6, 14, "lab")
    assert "<h1" in task["description"] and "Punteggio massimo 10" in task["description"]
    assert "testo online e fino a 1 file (.pdf" in task["description"]
    assert report["coverage"]["uf1-prima"]["A1"]["tasks"] == ["prova-lab"]
    assert report["units"][1]["tasks"] == []


def test_the_task_page_is_a_sco_after_the_verification_with_its_materials(course_dir, tmp_path):
    write_task(course_dir)
    build(course_dir, tmp_path / "out", formats=("scorm12",))
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    scos = report["units"][0]["scos"]
    assert [s["kind"] for s in scos][-2:] == ["quiz", "task"]
    assert scos[-1] == {
        "id": "prova-lab",
        "title": "Prova di laboratorio",
        "kind": "task",
        "duration": 0,
    }
    with zipfile.ZipFile(tmp_path / "out" / "scorm12" / "uf1-prima.zip") as package:
        page = package.read("prova-lab.html").decode()
        assert package.read("media/dati.csv") == b"a,b\n1,2\n"
        assert "ITEM-prova-lab" in package.read("imsmanifest.xml").decode()
    assert '"kind": "task"' in page and 'href="media/dati.csv"' in page
    assert "Punteggio massimo 10" in page


def test_a_missing_material_is_an_error(course_dir, tmp_path):
    path = write_task(course_dir)
    (path.parent / "media" / "dati.csv").unlink()
    assert [str(f) for f in check_course(course_dir)] == [
        f"{path}:21: error: link to 'media/dati.csv', which does not exist"
    ]
    with pytest.raises(ContentError) as refused:
        build(course_dir, tmp_path / "out", formats=("scorm12",))
    assert "link to 'media/dati.csv', which does not exist" in refused.value.details


def test_the_report_lists_materials_and_links_them_where_moodle_keeps_them(course_dir, tmp_path):
    path = write_task(
        course_dir,
        TASK.replace(
            "Scrivi il [documento](media/dati.csv).",
            "Scrivi il [documento](media/dati.csv#riga=2) guardando ![lo schema](schema.png)"
            " e [il sito](https://example.org/dati.csv).",
        ),
    )
    (path.parent / "schema.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    build(course_dir, tmp_path / "out", formats=("scorm12",))
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    (task,) = report["units"][0]["tasks"]
    with zipfile.ZipFile(tmp_path / "out" / "scorm12" / "uf1-prima.zip") as package:
        packaged = {name: package.read(name) for name in ("media/dati.csv", "schema.png")}
        page = package.read("prova-lab.html").decode()
    assert task["materials"] == [
        {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in packaged.items()
    ]
    description = task["description"]
    assert 'href="@@PLUGINFILE@@/media/dati.csv#riga=2"' in description
    assert 'src="@@PLUGINFILE@@/schema.png"' in description
    assert 'href="https://example.org/dati.csv"' in description
    # the package's own page links the files beside it, as before
    assert 'href="media/dati.csv#riga=2"' in page and 'src="schema.png"' in page
    assert "@@PLUGINFILE@@" not in page


@pytest.mark.parametrize("target", ["../01-intro.md", "../01-intro.md#prima", "01-intro.md"])
def test_a_link_to_a_lesson_is_an_error_with_its_line(course_dir, target):
    lesson = sorted((course_dir / "uf1-prima").glob("*.md"))[0]
    target = target.replace("01-intro.md", lesson.name)
    path = write_task(course_dir, TASK + f"\nRileggi [la lezione]({target}).\n")
    assert [str(f) for f in check_course(course_dir)] == [
        f"{path}:23: error: link to '{target}', a lesson: a task's instructions are also the "
        "description of its assignment in Moodle, where a lesson has no page to link to; name "
        "the lesson in the text instead"
    ]


@pytest.mark.parametrize("target", ["../media/dati.csv", "media/../../unit.yml", "/etc/passwd"])
def test_a_material_outside_the_tasks_folder_cannot_pass_check(course_dir, target):
    path = write_task(course_dir, TASK.replace("media/dati.csv", target))
    [finding] = check_course(course_dir)
    assert (finding.path, finding.line, finding.severity) == (path, 21, "error")
    assert "no '..'" in finding.message or "not a local file" in finding.message


def test_a_link_to_a_heading_of_the_instructions_goes_to_it_from_above_and_below(
    course_dir, tmp_path
):
    write_task(
        course_dir,
        TASK + "\nPrima di consegnare rileggi [i criteri](#criteri).\n\n## Criteri\n\n"
        "Torna alla [consegna](#prova-di-laboratorio) o al [testo](#t-criteri).[^1]\n\n"
        "[^1]: Una nota.\n",
    )
    build(course_dir, tmp_path / "out", formats=("scorm12",))
    with zipfile.ZipFile(tmp_path / "out" / "scorm12" / "uf1-prima.zip") as package:
        page = package.read("prova-lab.html").decode()
    description = json.loads((tmp_path / "out" / "report.json").read_text())["units"][0]["tasks"][
        0
    ]["description"]
    for html in (page, description):
        assert '<h2 id="t-criteri">Criteri</h2>' in html and 'id="t-fn:1"' in html
        places = re.findall(r'<a [^>]*href="#(t-[^"]*)"[^>]*>([^<]*)</a>', html)
        assert places == [
            ("t-criteri", "i criteri"),  # a heading further down
            ("t-prova-di-laboratorio", "consegna"),
            ("t-criteri", "testo"),  # named with its id on the page
            ("t-fn:1", "1"),
            ("t-fnref:1", "↩"),
        ]


def test_a_link_to_a_heading_the_instructions_lack_is_an_error_with_its_line(course_dir, tmp_path):
    path = write_task(course_dir, TASK + "\n## Criteri\n\nRileggi [i criteri](#criteri-finali).\n")
    assert [str(f) for f in check_course(course_dir)] == [
        f"{path}:25: error: link to '#criteri-finali': the task has no heading '#criteri-finali';"
        " did you mean 'criteri'?"
    ]
    with pytest.raises(ContentError):
        build(course_dir, tmp_path / "out", formats=("scorm12",))


def test_an_image_of_the_instructions_without_alt_text_cannot_pass_check(course_dir):
    path = write_task(course_dir, TASK + '\n![](schema.png)\n\n<img src="schema.png">\n')
    (path.parent / "schema.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert [str(f) for f in check_course(course_dir)] == [
        f"{path}:23: error: image 'schema.png' has no alt text",
        f"{path}:25: error: image 'schema.png' has no alt text",
    ]
