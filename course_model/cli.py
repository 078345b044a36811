"""What both command lines share: errors a user can cause end a command with one line and exit 1."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable

import click

from course_model import i18n
from course_model.errors import CourseError
from course_model.i18n import t


def _as_is(text: str) -> str:
    return text


def _choose_language(ctx: click.Context, parameter: click.Parameter, value: str | None) -> str:
    language = value or i18n.language_of(os.environ)
    i18n.use(language)
    return language


class CommandGroup(click.Group):
    """Both command lines: `--lang`, and errors a user can cause as one line.

    The language of messages follows the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) unless
    `--lang` forces it. A CourseError (its details first) or a file-system error is printed as
    one line on stderr and the command exits 1. When the context's object has a `redact(text)`
    method, everything printed here goes through it, so that a secret a command holds (a token)
    cannot reach the terminal in an error message; a bug's traceback is then printed through it
    too, rather than by Python, which would print it as it is.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.params.insert(
            0,
            click.Option(
                ["--lang"],
                type=click.Choice(i18n.LANGUAGES),
                callback=_choose_language,
                is_eager=True,
                expose_value=False,
                help="Language of messages (default: from the locale).",
            ),
        )

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except CourseError as exc:
            details, message = exc.details, str(exc)
        except OSError as exc:
            details = ""
            reason = exc.strerror or str(exc) or type(exc).__name__
            message = f"{exc.filename}: {reason}" if exc.filename is not None else reason
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
