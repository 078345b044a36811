"""The case company's facts (content/azienda.md) checked against every lesson, task and quiz.

The profile's front matter lists the facts the course relies on (support hours, the SLA, the
maintenance window, people's roles, customers' towns…). Each fact has a `find` pattern that
matches any statement of it, whatever value it gives, and an `expect` pattern that the matched
text contains when it gives the profile's value; a statement without it contradicts the profile.
Lines are searched one by one, so a statement split across two lines is not seen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from course_model.errors import ContentError
from course_model.yamlfile import YamlMap, parse_yaml

PROFILE = "azienda.md"


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    label: str
    value: str
    find: re.Pattern[str]
    expect: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Contradiction:
    fact: Fact
    path: Path
    line: int
    found: str


def load_facts(profile: Path) -> tuple[Fact, ...]:
    """The facts in the profile's front matter; none when the course has no profile."""
    if not profile.is_file():
        return ()
    try:
        text = profile.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError("not UTF-8 text", profile) from None
    head, separator, _ = text.removeprefix("---\n").partition("\n---\n")
    if not text.startswith("---\n") or not separator:
        raise ContentError(
            "the profile starts with YAML front matter between '---' lines", profile, 1
        )
    meta = parse_yaml(head, profile, line_offset=1)
    if not isinstance(meta, YamlMap):
        raise ContentError("the front matter must be a YAML mapping", profile, 2)
    facts = []
    for entry in meta.get_typed("facts", list, []):
        if not isinstance(entry, YamlMap):
            raise meta.error("each fact is a mapping (id, label, value, find, expect)", "facts")
        entry.reject_unknown({"id", "label", "value", "find", "expect"})
        patterns = {}
        for key in ("find", "expect"):
            try:
                patterns[key] = re.compile(entry.get_typed(key, str))
            except re.error as exc:
                raise entry.error(f"'{key}' is not a valid pattern: {exc}", key) from None
        facts.append(
            Fact(
                entry.get_typed("id", str),
                entry.get_typed("label", str),
                str(entry.get_typed("value", (str, int, float))),
                patterns["find"],
                patterns["expect"],
            )
        )
    return tuple(facts)


def contradictions(facts: tuple[Fact, ...], path: Path, text: str) -> Iterator[Contradiction]:
    """Every statement of a fact in `text` that does not give the profile's value."""
    for number, line in enumerate(text.splitlines(), start=1):
        for fact in facts:
            for match in fact.find.finditer(line):
                if fact.expect.search(match.group(0)) is None:
                    yield Contradiction(fact, path, number, match.group(0))
