"""The scormgen command line: thin click wrappers over the build, check and validate functions."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from course_model.cli import CommandGroup, content_option
from course_model.i18n import N_, t, tn
from scormgen.quiz.cli import quiz


@click.group(
    cls=CommandGroup, help=N_("Compile the course in content/ into SCORM, QTI and Moodle XML.")
)
@click.version_option(package_name="crm-elearning")
def main() -> None:
    pass


@main.command(help=N_("Build every unit's packages into the output folder."))
@content_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True)
@click.option(
    "--format",
    "formats",
    default=None,
    help=N_("Comma-separated: scorm12,scorm2004,qti21,moodle (default: all)."),
)
@click.option("--unit", "units", multiple=True, help=N_("Build only this unit (repeatable)."))
def build(content: Path, out: Path, formats: str | None, units: tuple[str, ...]) -> None:
    from course_model.formats import local
    from scormgen.build import ALL_FORMATS, parse_formats
    from scormgen.build import build as run_build

    started = time.perf_counter()
    chosen = parse_formats(formats) if formats else ALL_FORMATS

    def progress(unit_build) -> None:  # noqa: ANN001
        sizes = "  ".join(
            f"{o.path.split('/')[0]} {local().number(o.size / 1024)} KB" for o in unit_build.outputs
        )
        minutes = sum(s["duration"] for s in unit_build.scos)
        click.echo(
            f"{unit_build.unit.id:<28} {len(unit_build.scos):>2} SCO  {minutes:>4} min  {sizes}"
        )

    def removed(unit: str, paths: list[str]) -> None:
        click.echo(
            t(
                "warning: {files} of the previous build removed: this build does not make "
                "them for {unit}",
                unit=unit,
                files=", ".join(paths),
            ),
            err=True,
        )

    summary = run_build(content, out, chosen, units, progress, removed)
    files = sum(len(u["files"]) for u in summary["units"])
    click.echo(
        tn(
            "built {count} unit, {files} files in {seconds} s → {out}/",
            "built {count} units, {files} files in {seconds} s → {out}/",
            len(summary["units"]),
            files=files,
            seconds=local().number(time.perf_counter() - started, 2),
            out=out,
        )
    )


@main.command(
    help=N_(
        "Lint the content: front matter, covers ids, alt text, links, images, durations, tasks."
    )
)
@content_option
@click.option(
    "--coverage",
    "show_coverage",
    is_flag=True,
    help=N_(
        "After the findings, per unit and item of the standard: its lessons, questions, tasks."
    ),
)
def check(content: Path, show_coverage: bool) -> None:
    from scormgen.authoring.check import check_with_coverage

    findings, coverage = check_with_coverage(content)
    for finding in findings:
        click.echo(str(finding))
    if show_coverage and coverage:
        click.echo(coverage + "\n")
    errors = sum(f.severity == "error" for f in findings)
    if findings:
        click.echo(
            tn("{count} error", "{count} errors", errors)
            + ", "
            + tn("{count} warning", "{count} warnings", len(findings) - errors)
        )
    else:
        click.echo(t("content OK"))
    if errors:
        sys.exit(1)


@main.command(
    help=N_("Check SCORM packages (ours or other tools'): one line per problem, exit 1 on errors.")
)
@click.argument(
    "packages",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path),  # one that cannot be read is a problem of its own
)
@click.option(
    "--schemas",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=N_("Folder of official XSDs (scorm12/, scorm2004_4ed/) to validate the manifest against."),
)
def validate(packages: tuple[Path, ...], schemas: Path | None) -> None:
    from scormgen.authoring.validate import validate_package
    from scormgen.authoring.xsd import SchemaSet

    schema_set = SchemaSet(schemas) if schemas else None
    failed = False
    for package in packages:
        problems = validate_package(package, schema_set)
        for problem in problems:
            click.echo(f"{package}: {problem}")
        failed |= any(p.severity == "error" for p in problems)
        if not problems:
            click.echo(t("{package}: OK", package=package))
    if failed:
        sys.exit(1)


@main.command(
    help=N_(
        "Play a unit (default: the first) with a built-in SCORM API, showing API calls and CMI "
        "data live; the page reloads when content changes."
    )
)
@click.argument("unit", required=False)
@content_option
@click.option(
    "--port",
    type=int,
    default=8000,
    show_default=True,
    help=N_("Port on 127.0.0.1 (0: any free port)."),
)
def preview(unit: str | None, content: Path, port: int) -> None:
    from scormgen.authoring.preview import run_preview

    run_preview(content, unit, port, click.echo)


@main.group(help=N_("Start a unit or a lesson: files filled from the standard, to write into."))
def new() -> None:
    pass


@new.command(
    "unit", help=N_("Write content/ID/unit.yml, a first lesson and a quiz covering every item.")
)
@click.argument("unit_id", metavar="ID")
@click.option("--standard", "code", required=True, help=N_("The unit's code in the standard."))
@click.option("--title", default=None, help=N_("Default: the standard's title of the unit."))
@content_option
def new_unit(unit_id: str, code: str, title: str | None, content: Path) -> None:
    from scormgen.authoring.scaffold import new_unit as scaffold

    _written(scaffold(content, unit_id, code, title))


@new.command("lesson", help=N_("Write the unit's next lesson, NN-SLUG.md."))
@click.argument("unit_id", metavar="UNIT")
@click.argument("slug")
@click.option("--title", default=None)
@content_option
def new_lesson(unit_id: str, slug: str, title: str | None, content: Path) -> None:
    from scormgen.authoring.scaffold import new_lesson as scaffold

    _written(scaffold(content, unit_id, slug, title))


def _written(scaffold) -> None:  # noqa: ANN001 (imported when the command runs)
    from course_model.i18n import t

    for path in scaffold.written:
        click.echo(t("written: {path}", path=path))
    if scaffold.course_entry:
        click.echo(t("add the unit to course.yml, under units:, with its hours:"))
        click.echo(scaffold.course_entry, nl=False)


main.add_command(quiz)
