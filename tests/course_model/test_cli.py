import click
from click.testing import CliRunner

from course_model.cli import CommandGroup
from course_model.errors import ContentError, InputError


class Secrets:
    def redact(self, text: str) -> str:
        return text.replace("s3cret", "***")


def run(error: BaseException, redact=False):
    @click.group(cls=CommandGroup)
    @click.pass_context
    def main(ctx) -> None:
        if redact:
            ctx.obj = Secrets()

    @main.command()
    def go() -> None:
        raise error

    return CliRunner().invoke(main, ["go"])


def test_a_course_error_is_one_line_after_its_details():
    result = run(
        InputError("2 rows refused", "learners.csv", 3, details="riga 3: ...\nriga 5: ...")
    )
    assert result.exit_code == 1
    assert result.stderr == "riga 3: ...\nriga 5: ...\nerror: learners.csv:3: 2 rows refused\n"


def test_file_system_errors_are_one_line_with_or_without_a_path():
    assert (
        run(PermissionError(13, "Permission denied", "/out/x.zip")).stderr
        == "error: /out/x.zip: Permission denied\n"
    )
    assert run(OSError(28, "No space left on device")).stderr == "error: No space left on device\n"


def test_what_is_printed_goes_through_the_context_objects_redact():
    result = run(ContentError("token s3cret refused", details="s3cret"), redact=True)
    assert result.stderr == "***\nerror: token *** refused\n"


def test_a_bug_keeps_its_traceback():
    result = run(KeyError("x"))
    assert isinstance(result.exception, KeyError)
