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

    `redact` is applied to everything printed here, so that a secret held by a command (a
    token) cannot reach the terminal through an error message.
    """

    redact: Callable[[str], str] = staticmethod(_as_is)

    def invoke(self, ctx: click.Context):  # noqa: ANN201
        try:
            return super().invoke(ctx)
        except CourseError as exc:
            details, message = exc.details, str(exc)
        except OSError as exc:
            details = ""
            reason = exc.strerror or str(exc) or type(exc).__name__
            message = f"{exc.filename}: {reason}" if exc.filename is not None else reason
        if details:
            click.echo(self.redact(details), err=True)
        click.echo(f"error: {self.redact(message)}", err=True)
        sys.exit(1)
