"""Messages in the user's language, for both command lines and the administrator's reports.

The code writes every message in English, through `t()` (or `tn()` when it depends on a
count; `N_()` marks one that is translated later, where it is shown); gettext catalogues
(`locale/<language>/LC_MESSAGES/messages.po`, kept with Babel) give the other languages. The
language is Italian when the environment's locale says so (LANGUAGE, LC_ALL, LC_MESSAGES,
LANG), English otherwise; both commands take `--lang` to force it. A catalogue is read the
first time a message is translated, so English costs nothing.

The learner's pages are in the course's own language (course.yml) and do not go through here.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
LANGUAGES = ("en", "it")
_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

# The language of this run, set once by the command line before a command runs; "en" in library use.
_active = {"language": "en"}
_catalogues: dict[str, gettext.NullTranslations] = {}


def language_of(environment: Mapping[str, str]) -> str:
    """The language a locale setting asks for: the first variable set decides, as gettext does."""
    for name in _ENVIRONMENT:
        value = environment.get(name, "")
        if value:
            first = value.split(":")[0].lower()
            return "it" if first.startswith("it") else "en"
    return "en"


def use(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _active["language"] = language


def language() -> str:
    return _active["language"]


def N_(message: str, /) -> str:
    """`message` as it is, marked for the catalogue (gettext's name for this, which Babel extracts
    by default): a text written before the language of the run is chosen, such as a command's
    help, and translated with t() where it is shown."""
    return message


def t(message: str, /, **values: object) -> str:
    """`message` in the active language, with `{name}` placeholders filled from `values`."""
    text = _catalogue().gettext(message)
    return text.format(**values) if values else text


def tn(singular: str, plural: str, count: int, /, **values: object) -> str:
    """The singular or plural form for `count` in the active language; `{count}` is filled in
    too."""
    return _catalogue().ngettext(singular, plural, count).format(count=count, **values)


def _catalogue() -> gettext.NullTranslations:
    name = _active["language"]
    if name not in _catalogues:
        _catalogues[name] = _load(name)
    return _catalogues[name]


def _load(name: str) -> gettext.NullTranslations:
    path = LOCALE_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.po"
    if name == "en" or not path.exists():
        return gettext.NullTranslations()
    # Imported here: only runs in another language pay for Babel.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as source:
        catalogue = read_po(source, locale=name, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
