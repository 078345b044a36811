"""`scormgen new`: the files of a new unit or lesson, filled from the standard, to write into.

Nothing is overwritten, and course.yml is left to the author (its comments and order are
theirs): the command prints the entry to add.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from course_model.errors import ContentError
from course_model.i18n import t
from course_model.standard import load_standard
from scormgen.structure.course import LESSON_FILE, LESSON_ID, did_you_mean

FIRST_LESSON = "introduzione"
LESSON_MINUTES = 15  # a placeholder the author corrects: check compares durations to the plan


@dataclass(frozen=True, slots=True)
class Scaffold:
    written: tuple[Path, ...]
    course_entry: str  # what to add to course.yml ("" when nothing is to be added)


def new_unit(content: Path, unit_id: str, code: str, title: str | None = None) -> Scaffold:
    """unit.yml, a first lesson and a quiz with a placeholder question per item of the
    standard's unit `code`."""
    _check_id(unit_id, t("unit"))
    standard = load_standard(content / "standard.yml")
    codes = [unit.code for unit in standard.units]
    if code not in codes:
        raise ContentError(
            did_you_mean(
                t(
                    "'{code}' is not a unit of the standard ({codes})",
                    code=code,
                    codes=", ".join(codes),
                ),
                code,
                codes,
            ),
            content / "standard.yml",
        )
    unit = standard.units[codes.index(code)]
    title = title or unit.title
    folder = content / unit_id
    quiz = content.parent / "quizzes" / f"{unit_id}.md"
    lesson = folder / f"01-{FIRST_LESSON}.md"
    files = {
        folder / "unit.yml": _unit_yml(unit_id, code, title, quiz.relative_to(content.parent)),
        lesson: _lesson("Introduzione", list(unit.items)),
        quiz: _quiz(title, unit.items),
    }
    _write_new(files)
    # async: the first lesson's minutes and the quiz's, which check compares with the plan
    entry = f"  - id: {unit_id}\n    hours: {{aula: 0, sync: 0, async: 0.5, lab: 0, stage: 0}}\n"
    return Scaffold(tuple(files), entry)


def new_lesson(content: Path, unit_id: str, slug: str, title: str | None = None) -> Scaffold:
    """The unit's next lesson, NN-slug.md, with its front matter and a screen to write."""
    folder = content / unit_id
    if not (folder / "unit.yml").is_file():
        units = sorted(p.parent.name for p in content.glob("*/unit.yml"))
        raise ContentError(
            did_you_mean(t("there is no unit '{unit}'", unit=unit_id), unit_id, units),
            folder / "unit.yml",
        )
    _check_id(slug, t("lesson"))
    numbers = [int(m[1]) for p in folder.glob("*.md") if (m := LESSON_FILE.match(p.name))]
    number = max(numbers, default=0) + 1
    if number > 99:
        raise ContentError(
            t("the unit has lesson 99 already: lesson files are numbered 01 to 99"), folder
        )
    path = folder / f"{number:02d}-{slug}.md"
    _write_new({path: _lesson(title or slug.replace("-", " ").capitalize(), [])})
    return Scaffold((path,), "")


def _check_id(name: str, kind: str) -> None:
    if not LESSON_ID.match(name):
        raise ContentError(
            t(
                "a {kind} name starts with a letter and holds only a-z, 0-9 and '-', not '{name}'",
                kind=kind,
                name=name,
            )
        )


def _write_new(files: dict[Path, str]) -> None:
    """Write every file, or none when one of them exists already."""
    for path in files:
        if path.exists():
            raise ContentError(t("this file exists already: nothing was written"), path)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)


def _quoted(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()


def _unit_yml(unit_id: str, code: str, title: str, quiz: Path) -> str:
    return (
        f"id: {unit_id}\n"
        f'standard: "{code}"\n'
        f"title: {_quoted(title)}\n"
        "description: >-\n"
        "  Che cosa impara chi segue la UF (da scrivere).\n"
        "mastery: 60          # % of the quiz score needed to pass the unit verification\n"
        f"quiz: {quiz.as_posix()}\n"
        "quiz_duration: 15    # minutes, nominal time of the verification SCO\n"
    )


def _lesson(title: str, covers: list[str]) -> str:
    return (
        "---\n"
        f"title: {_quoted(title)}\n"
        f"duration: {LESSON_MINUTES}\n"
        f"covers: [{', '.join(covers)}]\n"
        "objectives:\n"
        "  - Primo obiettivo (da scrivere)\n"
        "---\n\n"
        f"# {title}\n\n"
        "Testo della prima schermata.\n\n"
        "---\n\n"
        "## Seconda schermata\n\n"
        "Testo della seconda schermata.\n\n"
        '!!! solution "Verifica la tua comprensione"\n'
        "    Una domanda di autoverifica e la sua risposta.\n"
    )


def _quiz(title: str, items: dict[str, str]) -> str:
    questions = "".join(
        f"Covers: {item}\n"
        f"{number}.  Domanda su: {text} (da scrivere)\n"
        "*a) Risposta giusta\n"
        "b)  Risposta sbagliata\n\n"
        for number, (item, text) in enumerate(items.items(), start=1)
    )
    return f"Quiz title: Verifica – {title}\nMastery: 60%\n\n{questions}"
