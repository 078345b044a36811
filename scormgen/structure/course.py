"""Stage 2 of the build: the course structure (units → lessons → screens) read from content/.

Plain data only: Markdown stays Markdown here; rendering is the next stage's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from course_model.errors import ContentError
from course_model.plan import CoursePlan, UnitPlan, load_course_plan
from course_model.standard import Standard, StandardUnit, load_standard
from course_model.yamlfile import YamlMap, load_yaml_map, parse_yaml

LESSON_FILE = re.compile(r"^(\d{2})-([a-z0-9][a-z0-9-]*)\.md$")
LESSON_ID = re.compile(r"^[a-z][a-z0-9-]*$")
PROFILE_FILE = "azienda.md"  # the case company's profile, in content/
# Images and links within one line (a screen's text is searched whole).
_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\((?P<src>[^)\s]+)(?:[^\S\n]+\"[^\"\n]*\")?\)")
_LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\((?P<href>[^)\s]+)(?:[^\S\n]+\"[^\"\n]*\")?\)")
_FENCE = re.compile(r"^(```|~~~)")


@dataclass(frozen=True, slots=True)
class Reference:
    """An image or link written in a lesson, with the line it is on."""

    target: str
    line: int
    alt: str | None = None  # images only


@dataclass(frozen=True, slots=True)
class Screen:
    markdown: str
    line: int  # first line of the screen in the lesson file


@dataclass(frozen=True, slots=True)
class Lesson:
    id: str
    path: Path
    title: str
    duration: int  # minutes, the nominal time credited
    covers: tuple[str, ...]
    objectives: tuple[str, ...]
    screens: tuple[Screen, ...]
    images: tuple[Reference, ...]
    links: tuple[Reference, ...]
    covers_line: int


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    folder: Path
    title: str
    description: str
    mastery: float  # percent of the quiz score needed to pass
    quiz_path: Path | None
    quiz_duration: int
    standard: StandardUnit
    plan: UnitPlan
    lessons: tuple[Lesson, ...]

    @property
    def lesson_minutes(self) -> int:
        return sum(lesson.duration for lesson in self.lessons)


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    term: str
    it: str
    definition: str
    en: str = ""


@dataclass(frozen=True, slots=True)
class CaseProfile:
    """The case company every unit uses: a reference page for learners, and the facts and story
    year `scormgen check` holds the lessons to (read from `front_matter` by the check)."""

    path: Path
    title: str
    markdown: str
    front_matter: YamlMap


@dataclass(frozen=True, slots=True)
class Course:
    root: Path
    standard: Standard
    plan: CoursePlan
    units: tuple[Unit, ...]
    glossary: tuple[GlossaryEntry, ...]
    profile: CaseProfile | None = None

    def unit(self, unit_id: str) -> Unit:
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise _unknown_unit(unit_id, self.plan)

    def unit_plan(self, unit_id: str) -> UnitPlan:
        unit_plan = self.plan.unit(unit_id)
        if unit_plan is None:
            raise _unknown_unit(unit_id, self.plan)
        return unit_plan


def _unknown_unit(unit_id: str, plan: CoursePlan) -> ContentError:
    known = ", ".join(u.id for u in plan.units)
    return ContentError(f"no unit '{unit_id}' in the course (units: {known})")


def load_course(root: Path) -> Course:
    """Read and validate the whole course below `root` (the content/ folder)."""
    course = load_course_settings(root)
    return replace(
        course, units=tuple(load_unit(course, unit_plan) for unit_plan in course.plan.units)
    )


def load_course_settings(root: Path) -> Course:
    """The course without its units (standard, plan, glossary), for loading units one by one."""
    return Course(
        root=root,
        standard=load_standard(root / "standard.yml"),
        plan=load_course_plan(root / "course.yml"),
        units=(),
        glossary=load_glossary(root / "glossary.yml"),
        profile=load_case_profile(root / PROFILE_FILE),
    )


def load_case_profile(path: Path) -> CaseProfile | None:
    """The case company's profile; None when the course has none."""
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError("not UTF-8 text", path) from None
    meta, body, _ = split_front_matter(text, path)
    meta.reject_unknown({"title", "story_year", "facts"})
    return CaseProfile(path, meta.get_typed("title", str), body, meta)


def load_unit(course: Course, unit_plan: UnitPlan) -> Unit:
    root, standard, plan = course.root, course.standard, course.plan
    folder = root / unit_plan.id
    if not folder.is_dir():
        raise ContentError(
            f"the plan lists unit '{unit_plan.id}' but there is no folder {folder}",
            plan.path,
            unit_plan.line,
        )
    path = folder / "unit.yml"
    data = load_yaml_map(path)
    unit_id = data.get_typed("id", str)
    if unit_id != unit_plan.id:
        raise data.error(f"id '{unit_id}' differs from the folder name '{unit_plan.id}'", "id")
    code = str(data.get_typed("standard", (str, int)))
    standard_unit = standard.unit(code)
    if standard_unit is None:
        codes = ", ".join(u.code for u in standard.units)
        raise data.error(
            f"standard code '{code}' is not a unit of the standard ({codes})", "standard"
        )
    mastery = data.get_typed("mastery", (int, float))
    if not 0 <= mastery <= 100:
        raise data.error("'mastery' is a percentage between 0 and 100", "mastery")
    quiz = data.get_typed("quiz", str, None)
    quiz_path = (root.parent / quiz) if quiz else None
    if quiz_path is not None and not quiz_path.is_file():
        raise data.error(f"quiz file {quiz} not found", "quiz")
    lessons = tuple(load_lesson(p, standard_unit) for p in sorted(folder.glob("*.md")))
    if not lessons:
        raise ContentError("a unit needs at least one lesson (NN-slug.md)", folder)
    seen: dict[str, Path] = {}
    for lesson in lessons:
        if lesson.id in seen:
            raise ContentError(
                f"lesson id '{lesson.id}' is also used by {seen[lesson.id].name}", lesson.path, 1
            )
        seen[lesson.id] = lesson.path
    return Unit(
        id=unit_id,
        folder=folder,
        title=data.get_typed("title", str),
        description=" ".join(data.get_typed("description", str, "").split()),
        mastery=float(mastery),
        quiz_path=quiz_path,
        quiz_duration=data.get_typed("quiz_duration", int, 0),
        standard=standard_unit,
        plan=unit_plan,
        lessons=lessons,
    )


def split_front_matter(text: str, path: Path) -> tuple[YamlMap, str, int]:
    """Front matter mapping, body, and the 1-based line where the body starts."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError("the file starts with YAML front matter between '---' lines", path, 1)
    end = next((n for n, line in enumerate(lines[1:], start=1) if line.strip() == "---"), 0)
    if not end:
        raise ContentError("front matter is not closed by a '---' line", path, 1)
    meta = parse_yaml("\n".join(lines[1:end]), path, line_offset=1)
    if not isinstance(meta, YamlMap):
        raise ContentError("front matter must be a YAML mapping", path, 2)
    return meta, "\n".join(lines[end + 1 :]), end + 2


def split_screens(body: str, first_line: int) -> tuple[Screen, ...]:
    """Split on lines holding only `---`, outside fenced code blocks."""
    screens: list[Screen] = []
    current: list[str] = []
    start = first_line
    in_fence = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
        if not in_fence and line.strip() == "---":
            screens.append(_screen(current, start))
            current, start = [], number + 1
        else:
            current.append(line)
    screens.append(_screen(current, start))
    return tuple(s for s in screens if s.markdown.strip())


def _screen(lines: list[str], start: int) -> Screen:
    """A screen without its surrounding blank lines, its line number moved past the leading ones."""
    leading = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    return Screen("\n".join(lines[leading:]).rstrip("\n"), start + leading)


def _references(screens: tuple[Screen, ...]) -> tuple[tuple[Reference, ...], tuple[Reference, ...]]:
    images: list[Reference] = []
    links: list[Reference] = []
    for screen in screens:
        text = screen.markdown
        if (
            "](" not in text
        ):  # most screens have neither, and this test is far cheaper than the searches
            continue
        images += [
            Reference(m["src"], screen.line + text.count("\n", 0, m.start()), m["alt"])
            for m in _IMAGE.finditer(text)
        ]
        links += [
            Reference(m["href"], screen.line + text.count("\n", 0, m.start()))
            for m in _LINK.finditer(text)
        ]
    return tuple(images), tuple(links)


def _string_list(meta: YamlMap, key: str) -> tuple[str, ...]:
    value = meta.get_typed(key, list, [])
    if not all(isinstance(v, (str, int)) for v in value):
        raise meta.error(f"'{key}' must be a list of texts", key)
    return tuple(str(v) for v in value)


def load_lesson(path: Path, standard_unit: StandardUnit) -> Lesson:
    match = LESSON_FILE.match(path.name)
    if not match:
        raise ContentError("lesson files are named NN-slug.md (two digits, lower-case slug)", path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError("not UTF-8 text", path) from None
    meta, body, body_line = split_front_matter(text, path)
    meta.reject_unknown({"id", "title", "duration", "covers", "objectives"})
    lesson_id = meta.get_typed("id", str, match.group(2))
    if not LESSON_ID.match(lesson_id):
        raise meta.error(
            f"lesson id '{lesson_id}' must start with a letter and hold only a-z, 0-9 and '-'", "id"
        )
    duration = meta.get_typed("duration", int)
    if duration <= 0:
        raise meta.error("'duration' is a positive number of minutes", "duration")
    covers = _string_list(meta, "covers")
    for item in covers:
        if item not in standard_unit.items:
            known = ", ".join(standard_unit.items)
            raise meta.error(
                f"covers '{item}', which is not an item of UF {standard_unit.code} ({known})",
                "covers",
            )
    screens = split_screens(body, body_line)
    if not screens:
        raise ContentError("the lesson has no text", path, body_line)
    images, links = _references(screens)
    return Lesson(
        id=lesson_id,
        path=path,
        title=meta.get_typed("title", str),
        duration=duration,
        covers=covers,
        objectives=_string_list(meta, "objectives"),
        screens=screens,
        images=images,
        links=links,
        covers_line=meta.line_of("covers"),
    )


def load_glossary(path: Path) -> tuple[GlossaryEntry, ...]:
    if not path.exists():
        return ()
    data = parse_yaml(path.read_text(encoding="utf-8"), path)
    if not isinstance(data, list):
        raise ContentError("the glossary is a YAML list of entries (term, it, definition)", path, 1)
    entries = []
    for entry in data:
        if not isinstance(entry, YamlMap):
            raise ContentError("each glossary entry is a mapping", path)
        entry.reject_unknown({"term", "en", "it", "definition"})
        entries.append(
            GlossaryEntry(
                term=str(entry.get_typed("term", (str, int))),
                it=entry.get_typed("it", str, ""),
                definition=entry.get_typed("definition", str),
                en=entry.get_typed("en", str, ""),
            )
        )
    return tuple(entries)
