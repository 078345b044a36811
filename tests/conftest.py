"""Fixtures shared by every test package: the official schemas, a small course plan."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from course_model import i18n
from course_model.plan import CoursePlan, load_course_plan
from course_model.standard import Standard, load_standard

REPO = Path(__file__).resolve().parents[1]
# The official schemas, beside the repository unless SCORM_SCHEMAS names another folder.
SCHEMAS = Path(os.environ.get("SCORM_SCHEMAS") or REPO.parent / "shared" / "schemas")


# The environment of a command run in an Italian locale, and in the C locale (English).
ITALIAN_LOCALE = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "it_IT.UTF-8"}
C_LOCALE = {**ITALIAN_LOCALE, "LANG": "C"}


def in_both_languages(
    command: click.Command, args: list[str], env: dict[str, str] | None = None
) -> tuple[Result, Result]:
    """The same command line run in an Italian locale and in the C locale: (Italian, English)."""
    italian, english = (
        CliRunner().invoke(command, args, env={**(env or {}), **locale})
        for locale in (ITALIAN_LOCALE, C_LOCALE)
    )
    return italian, english


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Every test starts in English, whatever the machine's locale; `italian` switches."""
    i18n.use("en")
    yield
    i18n.use("en")


@pytest.fixture
def italian() -> None:
    i18n.use("it")


@pytest.fixture(scope="session")
def schema_set():
    """The official SCORM/QTI schemas, checked out beside the repository (../shared/schemas)."""
    if not (SCHEMAS / "scorm12").is_dir():
        pytest.skip(f"official schemas not found at {SCHEMAS} (set SCORM_SCHEMAS)")
    from scormgen.authoring.xsd import SchemaSet

    return SchemaSet(SCHEMAS)


# A two-unit course plan with the seed's e-learning rules, for the rules and the Moodle side.
STANDARD = """\
qualification: Tecnico di prova
region: Regione Campania
eqf: 5
hours: {total_min: 100, aula_min: 60, lab_min: 0, internship_min: 0, internship_lab_min: 30,
        key_competences: 10}
elearning: {sync_max_pct_of_aula: 210, async_max_pct_of_aula: 120}
attendance: {max_absence_pct: 20, latest_entry_pct: 20}
admission: {min_age: 18, min_eqf: 4, education: Diploma}
units:
  - {number: 1, code: "1784", title: "Assistenza all'utente", eqf: 5, performance: utente assistito,
     abilities: {A1: Usare il report}, knowledge: {K1: Comunicazione}}
  - {number: 2, code: "1790", title: Manutenzione del sistema, eqf: 4,
     performance: servizio erogato,
     abilities: {A1: Testare i backup}, knowledge: {K1: Procedure}}
"""

UNIT_HOURS = {
    "uf1-utente": {"aula": 25, "sync": 8, "async": 3, "lab": 5, "stage": 10},
    "uf2-manutenzione": {"aula": 25, "sync": 6, "async": 3, "lab": 5, "stage": 10},
}
BUILT_UNITS = [
    {"id": "uf1-utente", "code": "1784", "title": "Assistenza all'utente del CRM"},
    {"id": "uf2-manutenzione", "code": "1790", "title": "Manutenzione del CRM"},
]


def write_content(
    folder: Path,
    unit_hours: dict[str, dict[str, float]] = UNIT_HOURS,
    key_competences: float = 10,
    edition: str = "ED-1",
) -> Path:
    """content/standard.yml and content/course.yml of a two-unit course (the seed's e-learning
    rules)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "standard.yml").write_text(STANDARD, encoding="utf-8")
    units = "".join(
        f"  - id: {unit_id}\n    hours: {json.dumps(hours)}\n"
        for unit_id, hours in unit_hours.items()
    )
    (folder / "course.yml").write_text(
        "title: Corso di prova\n"
        f"edition: {{code: {edition}, start: 2027-01-11, end: 2027-12-17, "
        "category: Qualificazioni di prova}\n"
        f"key_competences: {key_competences}\nunits:\n{units}",
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_content(tmp_path / "content")


@pytest.fixture
def course(content: Path) -> tuple[Standard, CoursePlan]:
    return load_standard(content / "standard.yml"), load_course_plan(content / "course.yml")
