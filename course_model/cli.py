"""What both command lines share: errors a user can cause end a command with one line and exit 1."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from course_model.errors import CourseError


def _as_is(text: str) -> str:
    return text


class CommandGroup(click.Group):
    """Prints a CourseError (its details first) or a file-system error as one line on stderr, exits 1.

    When the context's object has a `redact(text)` method, everything printed here goes through
    it, so that a secret a command holds (a token) cannot reach the terminal in an error message.
    """

    def invoke(self, ctx: click.Context):  # noqa: ANN201
        try:
            return super().invoke(ctx)
        except CourseError as exc:
            details, message = exc.details, str(exc)
        except OSError as exc:
            details = ""
            reason = exc.strerror or str(exc) or type(exc).__name__
            message = f"{exc.filename}: {reason}" if exc.filename is not None else reason
        redact: Callable[[str], str] = getattr(ctx.obj, "redact", _as_is)
        if details:
            click.echo(redact(details), err=True)
        click.echo(f"error: {redact(message)}", err=True)
        sys.exit(1)
