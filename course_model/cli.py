"""What both command lines share: help in the user's language, and errors a user can cause end a
command with one line and exit 1.

Help texts are written in English with N_() (they exist before the language of the run is
known) and translated where click shows them, with the words click adds to a help page (Usage,
Options, Commands, the --help option's text, [default: …]). Click's own errors about the command
line (an unknown option, a missing argument, a value not among the choices) stay in English:
click takes their words from GNU gettext's process-wide catalogues (compiled .mo files found
through the locale), which this project does not use.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.utils import make_default_short_help

from course_model import i18n
from course_model.errors import CourseError
from course_model.i18n import N_, t

# The course's content folder, which both tools read: one option, one name, one help text.
content_option = click.option(
    "--content",
    "content",
    type=click.Path(path_type=Path),
    default=Path("content"),
    show_default=True,
    help=N_("The content folder (standard.yml, course.yml, one folder per unit)."),
)

# Texts click gives its own options, looked up in the catalogue like ours.
N_("Show this message and exit.")
N_("Show the version and exit.")


def _as_is(text: str) -> str:
    return text


def _choose_language(ctx: click.Context, parameter: click.Parameter, value: str | None) -> str:
    language = value or i18n.language_of(os.environ)
    i18n.use(language)
    return language


class _HelpFormatter(click.HelpFormatter):
    """Click's help page with the headings click writes in the user's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, t("Usage:") + " " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(
            {"Options": t("Options"), "Commands": t("Commands")}.get(heading, heading)
        )


class _Context(click.Context):
    formatter_class = _HelpFormatter


def _help_record(parameter: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """A parameter's line of the help page: its names, its text and click's notes translated."""
    record = parameter.get_help_record(ctx)
    if record is None or not isinstance(parameter, click.Option):
        return record
    extra = parameter.get_help_extra(ctx)
    notes = []
    if "envvars" in extra:
        notes.append(t("env var: {var}", var=", ".join(extra["envvars"])))
    if "default" in extra:
        notes.append(t("default: {default}", default=extra["default"]))
    if "range" in extra:
        notes.append(extra["range"])
    if "required" in extra:
        notes.append(t("required"))
    text = t(parameter.help) if parameter.help else ""
    if notes:
        text = f"{text}  [{'; '.join(notes)}]".lstrip()
    return record[0], text


class Command(click.Command):
    """A command whose help page is in the user's language."""

    context_class = _Context

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(t(self.help))

    def get_short_help_str(self, limit: int = 45) -> str:
        return make_default_short_help(t(self.help), limit) if self.help else ""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [r for p in self.get_params(ctx) if (r := _help_record(p, ctx)) is not None]
        if records:
            with formatter.section("Options"):
                formatter.write_dl(records)


class Group(click.Group, Command):
    """A group of commands (and of groups) whose help pages are in the user's language."""

    command_class = Command
    group_class: type[click.Group] | type[type] | None = type  # its groups are of its class


class CommandGroup(Group):
    """Both command lines: `--lang`, help and errors in the user's language, errors a user can
    cause as one line.

    The language of messages follows the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) unless
    `--lang` forces it. A CourseError (its details first) or a file-system error is printed as
    one line on stderr and the command exits 1. When the context's object has a `redact(text)`
    method, everything printed here goes through it, so that a secret a command holds (a token)
    cannot reach the terminal in an error message; a bug's traceback is then printed through it
    too, rather than by Python, which would print it as it is.
    """

    group_class = Group  # a command line's groups take no --lang of their own

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.insert(
            0,
            click.Option(
                ["--lang"],
                type=click.Choice(i18n.LANGUAGES),
                callback=_choose_language,
                is_eager=True,
                expose_value=False,
                help=N_("Language of messages (default: from the locale)."),
            ),
        )

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        # --help is answered while the arguments are read, before --lang if it comes first.
        i18n.use(i18n.language_of(os.environ))
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except CourseError as exc:
            details, message = exc.details, str(exc)
        except OSError as exc:
            details = ""
            reason = exc.strerror or str(exc) or type(exc).__name__
            message = f"{exc.filename}: {reason}" if exc.filename is not None else reason
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own: a subcommand's --help, a usage error, Ctrl-C
        except Exception:
            if not hasattr(ctx.obj, "redact"):
                raise
            click.echo(ctx.obj.redact(traceback.format_exc()), err=True, nl=False)
            sys.exit(1)
        redact: Callable[[str], str] = getattr(ctx.obj, "redact", _as_is)
        if details:
            click.echo(redact(details), err=True)
        click.echo(t("error: {message}", message=redact(message)), err=True)
        sys.exit(1)
