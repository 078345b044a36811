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
from course_model.i18n import t
from course_model.textfile import read_text
from course_model.yamlfile import YamlMap
from scormgen.authoring.anchors import Anchored, Lines, anchored
from scormgen.authoring.weekdays import wrong_weekdays
from scormgen.structure.course import CaseProfile, Course


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    label: str
    value: str
    find: Anchored
    expect: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class CaseFacts:
    facts: tuple[Fact, ...]
    story_year: int | None  # the year of the stories' dates that give none


@dataclass(frozen=True, slots=True)
class Contradiction:
    fact: Fact
    path: Path
    line: int
    found: str


def load_facts(profile: CaseProfile | None) -> CaseFacts:
    """The facts and story year of the profile's front matter; none when the course has none."""
    if profile is None:
        return CaseFacts((), None)
    meta = profile.front_matter
    facts = []
    for entry in meta.get_typed("facts", list, []):
        if not isinstance(entry, YamlMap):
            raise meta.error(t("each fact is a mapping (id, label, value, find, expect)"), "facts")
        entry.reject_unknown({"id", "label", "value", "find", "expect"})
        patterns = {}
        for key in ("find", "expect"):
            try:
                patterns[key] = re.compile(entry.get_typed(key, str))
            except re.error as exc:
                raise entry.error(
                    t("'{key}' is not a valid pattern: {error}", key=key, error=exc), key
                ) from None
        facts.append(
            Fact(
                entry.get_typed("id", str),
                entry.get_typed("label", str),
                str(entry.get_typed("value", (str, int, float))),
                anchored(patterns["find"]),
                patterns["expect"],
            )
        )
    return CaseFacts(tuple(facts), meta.get_typed("story_year", int, None))


def contradictions(facts: tuple[Fact, ...], path: Path, text: Lines) -> Iterator[Contradiction]:
    """Every statement of a fact in `text` that does not give the profile's value."""
    found = [
        (number, order, Contradiction(fact, path, number, match.group(0)))
        for order, fact in enumerate(facts)
        for number, match in text.finditer(fact.find)
        if fact.expect.search(match.group(0)) is None
    ]
    return (contradiction for *_, contradiction in sorted(found, key=lambda f: f[:2]))


def case_errors(course: Course) -> list[ContentError]:
    """Every statement of the lessons, tasks and quizzes that contradicts the company profile, and
    every date of their stories that does not fall on the weekday it names."""
    try:
        profile = load_facts(course.profile)
    except ContentError as error:
        return [error]
    errors = []
    for path in story_files(course):
        try:
            text = Lines(read_text(path))
        except ContentError:
            continue  # reported by the stage that reads the file for the build
        errors += [
            ContentError(
                t(
                    "{fact}: '{found}' contradicts the company profile, which says {value}",
                    fact=c.fact.label,
                    found=c.found,
                    value=c.fact.value,
                ),
                c.path,
                c.line,
            )
            for c in contradictions(profile.facts, path, text)
        ]
        errors += wrong_weekdays(path, text, profile.story_year)
    return errors


def story_files(course: Course) -> list[Path]:
    """The lessons, lab tasks and quiz files of every unit, each once."""
    paths: dict[Path, None] = {}
    for unit in course.units:
        paths.update((lesson.path, None) for lesson in unit.lessons)
        paths.update((task, None) for task in sorted(unit.folder.glob("tasks/*.md")))
        if unit.quiz_path is not None:
            paths[unit.quiz_path] = None
    return list(paths)
