"""Messages: every one the code writes has its Italian translation, and the language follows the
locale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from course_model import i18n

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = REPO / "course_model" / "locale" / "it" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _code_messages() -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    method_map = [
        ("**/tests/**", "ignore"),
        ("**.py", "python"),
        ("**/templates/**.html", "jinja2"),
    ]
    for folder in ("course_model", "scormgen", "moodle_sync"):
        for _, _, message, _, _ in extract_from_dir(
            REPO / folder, method_map, keywords={"t": None, "tn": (1, 2), "N_": None}
        ):
            messages = message if isinstance(message, tuple) else (message,)
            found[messages[0]] = messages
    return found


def test_every_message_of_the_code_is_translated_with_the_same_placeholders() -> None:
    with CATALOGUE.open("rb") as source:
        catalogue = read_po(source)
    missing, broken = [], []
    for msgid, forms in _code_messages().items():
        entry = catalogue.get(msgid)
        translations = entry.string if entry else None
        if (
            not translations
            or entry.fuzzy
            or not all(translations if isinstance(translations, tuple) else (translations,))
        ):
            missing.append(msgid)
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(forms)))
        for text in translations if isinstance(translations, tuple) else (translations,):
            if set(PLACEHOLDER.findall(text)) != wanted:
                broken.append(msgid)
    assert missing == [] and broken == []


@pytest.mark.parametrize(
    "environment, language",
    [
        ({"LANG": "it_IT.UTF-8"}, "it"),
        ({"LANG": "C"}, "en"),
        ({}, "en"),
        ({"LC_ALL": "it_IT", "LANG": "en_US"}, "it"),
        ({"LANGUAGE": "en:it", "LANG": "it_IT"}, "en"),
        ({"LC_MESSAGES": "it_CH.UTF-8"}, "it"),
    ],
)
def test_the_language_follows_the_locale(environment: dict[str, str], language: str) -> None:
    assert i18n.language_of(environment) == language


def test_messages_are_translated_and_filled(italian: None) -> None:
    assert (
        i18n.t(
            "aged {age} at the start of the course ({start}), the minimum is {minimum}",
            age=17,
            start="11/01/2027",
            minimum=18,
        )
        == "età 17 anni all'avvio del corso (11/01/2027), minimo 18"
    )
    assert i18n.t("a message no catalogue has") == "a message no catalogue has"


@pytest.mark.parametrize(
    "language, expected",
    [("en", ["1 error", "2 errors", "0 errors"]), ("it", ["1 errore", "2 errori", "0 errori"])],
)
def test_plurals_in_both_languages(language: str, expected: list[str]) -> None:
    i18n.use(language)
    assert [i18n.tn("{count} error", "{count} errors", n) for n in (1, 2, 0)] == expected
