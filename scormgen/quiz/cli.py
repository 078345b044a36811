"""`scormgen quiz …` commands.

Heavy modules (Markdown, lxml) are imported inside the functions, so that starting the
command line costs only what the chosen command uses.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from course_model.cli import Group
from course_model.i18n import N_, tn

if TYPE_CHECKING:
    from scormgen.quiz.model import Quiz

FORMATS = {"qti21": ".zip", "moodle-xml": ".xml"}
GIFT_SUFFIXES = (".gift",)
_NOT_NCNAME = re.compile(r"[^A-Za-z0-9_.-]+")


def read_quiz(path: Path) -> Quiz:
    """A quiz file in the text format (.md, .txt) or in GIFT (.gift)."""
    if path.suffix.lower() in GIFT_SUFFIXES:
        from scormgen.quiz.gift import parse_gift_file

        return parse_gift_file(path)
    from scormgen.quiz.parser import parse_quiz_file

    return parse_quiz_file(path)


def quiz_bytes(quiz: Quiz, fmt: str, unit_id: str, category: str) -> bytes:
    """The quiz as a QTI 2.1 content package ("qti21") or a Moodle XML question bank
    ("moodle-xml")."""
    if fmt == "qti21":
        from scormgen.quiz.qti21 import package_bytes

        return package_bytes(quiz, unit_id)
    from scormgen.quiz.moodle_xml import moodle_xml

    return moodle_xml(quiz, category)


def identifier_for(path: Path) -> str:
    """An identifier (an XML NCName) made from a file name."""
    name = _NOT_NCNAME.sub("-", path.stem).strip("-.") or "quiz"
    return name if re.match(r"[A-Za-z_]", name) else f"quiz-{name}"


@click.group(cls=Group, help=N_("Quiz files: convert them to QTI 2.1 or Moodle XML."))
def quiz() -> None:
    pass


@quiz.command(
    help=N_(
        "Convert FILE (the quiz text format, text2qti files included, or GIFT if it ends in .gift)."
    )
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--to", "fmt", type=click.Choice(sorted(FORMATS)), required=True, help=N_("Output format.")
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_(
        "Output file (default: FILE with .zip for qti21, .xml for moodle-xml; - for standard "
        "output)."
    ),
)
@click.option("--category", help=N_("Moodle question bank category (default: the quiz title)."))
def convert(file: Path, fmt: str, output: Path | None, category: str | None) -> None:
    from course_model.output import atomic_write, refuse_replacing

    target = output or file.with_suffix(FORMATS[fmt])
    to_stdout = str(target) == "-"
    if not to_stdout:
        refuse_replacing([target], [file])
    parsed = read_quiz(file)
    data = quiz_bytes(parsed, fmt, identifier_for(file), category or parsed.title)
    if to_stdout:
        click.get_binary_stream("stdout").write(data)
    else:
        atomic_write(target, data)
    click.echo(
        tn(
            "{target}: {count} question, {points} points",
            "{target}: {count} questions, {points} points",
            sum(1 for _ in parsed.questions()),
            target=target,
            points=f"{parsed.total_points:g}",
        ),
        err=to_stdout,  # standard output holds the quiz
    )
