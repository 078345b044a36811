"""A practical task's outputs: its description for Moodle's assignment and its rubric in the
form of Moodle's rubric grading method, both plain data for report.json."""

from __future__ import annotations

from html import escape

from scormgen.render.markdown import MarkdownRenderer, sanitize
from scormgen.runtime.ui_text import TASK_TEXT
from scormgen.structure.tasks import Task


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


def description(task: Task, markdown: MarkdownRenderer) -> str:
    """The assignment's description: the instructions, then the submission rules and rubric."""
    return markdown.render(task.body) + "\n" + submission_rules(task)


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


def task_report(task: Task, markdown: MarkdownRenderer) -> dict:
    """What report.json says of a task: what deploy and pull need."""
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
        "description": description(task, markdown),
    }
