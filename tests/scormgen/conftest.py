"""A small course written for the tests: two units, a few lessons, one image."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

STANDARD = """\
qualification: Tecnico di prova
region: Regione Campania
eqf: 5
hours: {total_min: 100, aula_min: 60, lab_min: 0, internship_min: 0, \
internship_lab_min: 20, key_competences: 0}
elearning: {sync_max_pct_of_aula: 50, async_max_pct_of_aula: 20}
attendance: {max_absence_pct: 20, latest_entry_pct: 20}
admission: {min_age: 18, min_eqf: 4}
units:
  - number: 1
    code: "1001"
    title: Prima unità
    eqf: 5
    performance: utente assistito
    abilities: {A1: Fare una cosa, A2: Farne un'altra}
    knowledge: {K1: Sapere qualcosa}
  - number: 2
    code: "1002"
    title: Seconda unità
    eqf: 4
    performance: servizio erogato
    abilities: {A1: Fare}
    knowledge: {K1: Sapere}
"""

COURSE = """\
title: Corso di prova
language: it
keywords: [CRM]
edition: {code: T-1, start: 2027-01-11, end: 2027-06-30, category: Prove}
units:
  - id: uf1-prima
    hours: {aula: 50, sync: 5, async: 1, lab: 10, stage: 10}
  - id: uf2-seconda
    hours: {aula: 10, sync: 2, async: 0.5, lab: 0, stage: 10}
"""

LESSON = """\
---
title: {title}
duration: {duration}
covers: [{covers}]
objectives:
  - Capire la prova
---

# {title}

Primo paragrafo con una nota[^1].

[^1]: La nota.

---

## Seconda schermata

![Schema del ciclo](media/ciclo.svg)

| Colonna | Valore |
|---|---|
| a | 1 |

---

## Autoverifica

Domanda?

!!! solution "Soluzione"
    Risposta.
"""

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Ciclo</title>'
    '<rect width="10" height="10"/></svg>\n'
)


def write_lesson(folder: Path, name: str, title: str, duration: int, covers: str) -> Path:
    path = folder / name
    path.write_text(LESSON.format(title=title, duration=duration, covers=covers), encoding="utf-8")
    return path


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    """content/ of a small valid course, with quizzes/ beside it."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "standard.yml").write_text(STANDARD, encoding="utf-8")
    (content / "course.yml").write_text(COURSE, encoding="utf-8")
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    for unit_id, code, assessed, lessons in (
        (
            "uf1-prima",
            "1001",
            "A1, A2, K1",
            [
                ("01-apertura.md", "Apertura", 20, "A1, K1"),
                ("02-chiusura.md", "Chiusura", 30, "A2"),
            ],
        ),
        ("uf2-seconda", "1002", "A1, K1", [("01-unica.md", "Unica", 20, "A1, K1")]),
    ):
        folder = content / unit_id
        (folder / "media").mkdir(parents=True)
        (folder / "media" / "ciclo.svg").write_text(SVG, encoding="utf-8")
        quiz = quizzes / f"{unit_id}.md"
        quiz.write_text(
            f"Quiz title: Prova\n\nCovers: {assessed}\n"
            f"1.  Vale per la UF {code}?\n*a) Vero\nb)  Falso\n",
            encoding="utf-8",
        )
        (folder / "unit.yml").write_text(
            textwrap.dedent(f"""\
            id: {unit_id}
            standard: "{code}"
            title: Unità {code}
            description: Una unità di prova.
            mastery: 60
            quiz: quizzes/{unit_id}.md
            quiz_duration: 10
            """),
            encoding="utf-8",
        )
        for name, title, duration, covers in lessons:
            write_lesson(folder, name, title, duration, covers)
    return content


@pytest.fixture
def lesson_writer():
    """write_lesson(folder, name, title, duration, covers), for tests that add or edit lessons."""
    return write_lesson
