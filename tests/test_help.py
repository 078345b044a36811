"""Both command lines' help is in the user's language: every command, group and option of them has
its help text in the catalogue."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from course_model import i18n
from moodle_sync.cli import cli
from scormgen.cli import main
from tests.conftest import in_both_languages


def _help_texts(command: click.Command, path: str) -> Iterator[tuple[str, str]]:
    """(where, text) of every help text below `command`, its own included."""
    yield path, command.help or ""
    for parameter in command.params:
        if isinstance(parameter, click.Option) and parameter.help:
            yield f"{path} {parameter.opts[-1]}", parameter.help
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _help_texts(sub, f"{path} {name}")


@pytest.mark.parametrize("command, name", [(main, "scormgen"), (cli, "moodle-sync")])
def test_every_help_text_is_translated(command: click.Command, name: str) -> None:
    i18n.use("it")
    untranslated = [
        where for where, text in _help_texts(command, name) if not text or i18n.t(text) == text
    ]
    assert untranslated == []


@pytest.mark.parametrize(
    "command, args, italian_words, english_words",
    [
        (
            main,
            ["--help"],
            [
                "Uso: ",
                "Opzioni:",
                "Comandi:",
                "Compila il corso in content/",
                "Lingua dei messaggi",
            ],
            ["Usage: ", "Options:", "Commands:", "Compile the course in content/", "Language of"],
        ),
        (
            cli,
            ["deploy", "--help"],
            ["Crea o aggiorna il corso dell'edizione", "Mostra le modifiche senza farle."],
            ["Create or update the edition's course", "Show the changes without making them."],
        ),
        (
            cli,
            ["--help"],
            ["La cartella dei contenuti", "[predefinito: content]", "Comandi:"],
            ["The content folder", "[default: content]", "Commands:"],
        ),
    ],
)
def test_help_in_the_user_s_language(
    command: click.Command, args: list[str], italian_words: list[str], english_words: list[str]
) -> None:
    italian, english = in_both_languages(command, args)
    assert italian.exit_code == english.exit_code == 0, italian.output + english.output
    assert all(words in italian.output for words in italian_words), italian.output
    assert all(words in english.output for words in english_words), english.output
    assert "Show this message and exit." in english.output
    assert "Mostra questo messaggio ed esce." in italian.output


def test_a_usage_error_of_a_command_is_click_s_not_a_traceback() -> None:
    result = CliRunner().invoke(cli, ["deploy", "--nope"])
    assert result.exit_code == 2 and "No such option" in result.output
    assert "Traceback" not in result.output
