import click
from click.testing import CliRunner

from course_model.cli import CommandGroup
from course_model.errors import ContentError, InputError
from course_model.i18n import N_
from tests.conftest import C_LOCALE, in_both_languages


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


def redacting_group() -> click.Group:
    @click.group(cls=CommandGroup)
    @click.pass_context
    def main(ctx) -> None:
        ctx.obj = Secrets()

    @main.command(help=N_("File to write."))
    @click.option("--to", default="out.zip", show_default=True, help=N_("Only this learner."))
    @click.option("--edition", required=True)
    def go(to: str, edition: str) -> None:
        pass

    return main


def test_a_command_s_help_and_click_s_own_notes_are_in_the_user_s_language():
    italian, english = in_both_languages(redacting_group(), ["go", "--help"])
    assert italian.exit_code == english.exit_code == 0
    assert italian.output == (
        "Uso: main go [OPTIONS]\n\n  File da scrivere.\n\nOpzioni:\n"
        "  --to TEXT       Solo questo corsista.  [predefinito: out.zip]\n"
        "  --edition TEXT  [obbligatorio]\n"
        "  --help          Mostra questo messaggio ed esce.\n"
    )
    assert english.output == (
        "Usage: main go [OPTIONS]\n\n  File to write.\n\nOptions:\n"
        "  --to TEXT       Only this learner.  [default: out.zip]\n"
        "  --edition TEXT  [required]\n"
        "  --help          Show this message and exit.\n"
    )


def test_help_follows_lang_given_before_it():
    forced = CliRunner().invoke(redacting_group(), ["--lang", "it", "--help"], env=C_LOCALE)
    assert "Mostra questo messaggio ed esce." in forced.output


def test_click_s_own_exits_are_not_bugs_even_where_a_secret_is_held():
    """--help and a usage error of a command are click's to answer, never a traceback."""
    usage = CliRunner().invoke(redacting_group(), ["go", "--nope"], env=C_LOCALE)
    assert usage.exit_code == 2 and "No such option" in usage.output
    assert "Traceback" not in usage.output
