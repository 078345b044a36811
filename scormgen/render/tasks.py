"""A practical task's outputs: its description for Moodle's assignment, its materials and its
rubric in the form of Moodle's rubric grading method, all plain data for report.json."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from html import escape

from scormgen.render.markdown import HtmlCleaner, sanitize
from scormgen.runtime.ui_text import TASK_TEXT
from scormgen.structure.tasks import Task

# Where Moodle's stored texts name the files kept with them (file_rewrite_pluginfile_urls).
PLUGINFILE = "@@PLUGINFILE@@"


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def submission_rules(task: Task) -> str:
    """How the learner submits and how the task is graded, as sanitised HTML."""
    sub = task.submission
    what = [TASK_TEXT["task_text"]] if sub.text else []
    if sub.files:
        key = "task_files" if sub.types else "task_files_any"
        what.append(
            TASK_TEXT[key].format(
                n=sub.files, types=", ".join(sub.types), size=_number(sub.max_size_mb)
            )
        )
    items = [
        TASK_TEXT["task_submit"].format(what=" e ".join(what), title=task.title),
        TASK_TEXT["task_grade"].format(
            grade=_number(task.grade), pass_grade=_number(task.pass_grade)
        ),
    ]
    if task.due is not None:
        items.append(TASK_TEXT["task_due"].format(days=task.due))
    criteria = [
        TASK_TEXT["task_criterion_points"].format(
            criterion=c.criterion, points=_number(max(level.points for level in c.levels))
        )
        for c in task.rubric
    ]
    html = (
        f"<h2>{escape(TASK_TEXT['task_how'])}</h2>"
        f"<ul>{''.join(f'<li>{escape(item)}</li>' for item in items)}</ul>"
        f"<h3>{escape(TASK_TEXT['task_rubric'])}</h3>"
        f"<ul>{''.join(f'<li>{escape(item)}</li>' for item in criteria)}</ul>"
    )
    return sanitize(html)


def moodle_description(task: Task, instructions: str, cleaner: HtmlCleaner) -> str:
    """The assignment's description: the instructions (as rendered for the task's page), then
    the submission rules and rubric.

    Its links and images of the task's materials name the files Moodle keeps with the
    description (@@PLUGINFILE@@/<path in the package>, which Moodle turns into each file's
    address as it shows the text), since a path beside the task's page leads nowhere there:
    the cleaner, given the page's sanitised HTML again, changes those addresses only."""
    materials = {file.path for file in task.files}

    def in_moodle(attribute: str, address: str) -> str | None:
        path = address.split("#")[0].split("?")[0]
        return f"{PLUGINFILE}/{address}" if path in materials else None

    cleaner.links = in_moodle
    try:
        instructions = cleaner.clean(instructions)
    finally:
        cleaner.links = None
    return instructions + "\n" + submission_rules(task)


def moodle_rubric(task: Task) -> list[dict]:
    """The rubric as Moodle's rubric grading method stores it: criteria with a description and
    levels, each a score and a definition, in order."""
    return [
        {
            "description": criterion.criterion,
            "levels": [
                {"score": level.points, "definition": level.description}
                for level in criterion.levels
            ],
        }
        for criterion in task.rubric
    ]


def task_report(task: Task, description: str, packaged: Mapping[str, bytes]) -> dict:
    """What report.json says of a task: what deploy and pull need. `description` is the
    assignment's (moodle_description); `packaged` holds the unit package's files by path: the
    materials are listed as the package carries them."""
    sub = task.submission
    return {
        "id": task.id,
        "title": task.title,
        "covers": list(task.covers),
        "modality": task.modality,
        "duration": task.duration,
        "submission": {
            "text": sub.text,
            "files": sub.files,
            "types": list(sub.types),
            "max_size_mb": sub.max_size_mb,
        },
        "due": task.due,
        "grade": task.grade,
        "pass": task.pass_grade,
        "rubric": moodle_rubric(task),
        "description": description,
        "materials": [
            {
                "path": file.path,
                "sha256": hashlib.sha256(packaged[file.path]).hexdigest(),
                "size": len(packaged[file.path]),
            }
            for file in task.files
        ],
    }
