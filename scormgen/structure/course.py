"""Stage 2 of the build: the course structure (units → lessons → screens) read from content/.

Plain data only: Markdown stays Markdown here; rendering is the next stage's job.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from course_model.errors import ContentError, ContentErrors
from course_model.i18n import t
from course_model.identifiers import MANIFEST_FILE, QTI_DIR, QUIZ_SCO_ID, SHARED_DIR
from course_model.plan import CoursePlan, UnitPlan, load_course_plan
from course_model.standard import Standard, StandardUnit, load_standard
from course_model.textfile import control_characters, read_text, real_path
from course_model.yamlfile import YamlMap, load_yaml, load_yaml_map, parse_yaml
from scormgen.structure.findings import Findings
from scormgen.structure.markup import ADMONITION_TYPES, is_external_link, is_lesson_link
from scormgen.structure.media import is_remote, package_path, source_file
from scormgen.structure.references import Reference, References, find_references, mask_code
from scormgen.structure.tasks import Task, read_task

if TYPE_CHECKING:
    from scormgen.quiz.model import Quiz

LESSON_FILE = re.compile(r"^(\d{2})-([a-z0-9][a-z0-9-]*)\.md$")
LESSON_ID = re.compile(r"^[a-z][a-z0-9-]*$")
PROFILE_FILE = "azienda.md"  # the case company's profile, in content/
LESSON_FIELDS = {"id", "title", "duration", "covers", "objectives", "glossary"}
UNIT_FIELDS = {"id", "standard", "title", "description", "mastery", "quiz", "quiz_duration"}
_FENCE = re.compile(r"^(```|~~~)")
_ADMONITION = re.compile(r"^[ \t]*!!![ \t]?([\w-]+)", re.M)  # its first word is its type


@dataclass(frozen=True, slots=True)
class LessonFile:
    """A local file a lesson shows or links to: its path in the package, and where it is."""

    path: str
    source: Path
    line: int  # of its first reference in the lesson


@dataclass(frozen=True, slots=True)
class LessonLink:
    """A link to another lesson of the unit (or to a place in it): `04-ticket.md#priorita`."""

    target: str  # as written
    lesson: str  # the id of the lesson it opens
    anchor: str  # the heading it shows, as the author wrote it ("" for the top)
    line: int


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
    files: tuple[LessonFile, ...]  # every local file it shows or links to, by package path
    lesson_links: tuple[LessonLink, ...] = ()  # set once every lesson of the unit is read
    glossary: tuple[str, ...] = ()  # the common-word terms its page lists (see GlossaryEntry)
    glossary_line: int = 0


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    folder: Path
    title: str
    description: str
    mastery: float | None  # unit.yml's pass mark, in percent of the quiz score: see pass_mark
    quiz_path: Path | None
    quiz_duration: int
    standard: StandardUnit
    plan: UnitPlan
    lessons: tuple[Lesson, ...]
    mastery_line: int = 0  # of `mastery` in unit.yml
    tasks: tuple[Task, ...] = ()

    @property
    def lesson_minutes(self) -> int:
        return sum(lesson.duration for lesson in self.lessons)


def pass_mark(unit: Unit, quiz: Quiz | None) -> float:
    """The unit's pass mark, in percent of its verification's score: the quiz's `Mastery:` when
    the quiz file writes one, else unit.yml's `mastery`; an error when neither does. The report,
    both manifests and the quiz page all take it from here."""
    written = quiz.options.mastery_pct if quiz is not None else None
    if written is not None:
        return written
    if unit.mastery is None:
        raise ContentError(
            t("missing required field 'mastery', needed unless the quiz file writes 'Mastery:'"),
            unit.folder / "unit.yml",
        )
    return unit.mastery


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    term: str
    it: str
    definition: str
    en: str = ""
    # A common word ("problema"): listed only on the pages of lessons whose `glossary` names it,
    # since finding it in a text does not mean the text uses the term.
    common: bool = False


@dataclass(frozen=True, slots=True)
class CaseProfile:
    """The case company every unit uses: a reference page for learners, and the facts and story
    year `scormgen check` holds the lessons to (read from `front_matter` by the check)."""

    path: Path
    title: str
    markdown: str
    body_line: int  # the line of the file `markdown` starts on
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
    return ContentError(
        t("no unit '{unit}' in the course (units: {known})", unit=unit_id, known=known)
    )


def load_course(root: Path, findings: Findings | None = None) -> Course:
    """Read and validate the whole course below `root` (the content/ folder).

    Problems go to `findings` when given (the units that cannot be read are left out), else
    the errors found are raised together once every unit has been read.
    """
    collected = Findings() if findings is None else findings
    course = load_course_settings(root)
    units = [load_unit(course, unit_plan, collected) for unit_plan in course.plan.units]
    if findings is None:
        collected.raise_errors()
    return replace(course, units=tuple(unit for unit in units if unit is not None))


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
    """The case company's profile; None when the course has none. It goes into every package,
    so it is held to what a lesson's files are (inside the content folder, a bounded size)."""
    try:
        source_file(path.parent, path.name, path.name, path.parent.name)
    except FileNotFoundError:
        return None
    except ContentError as error:
        raise ContentError(error.message, path) from None
    meta, body, body_line = read_page(path)
    meta.reject_unknown({"title", "story_year", "facts"})
    return CaseProfile(path, meta.get_typed("title", str), body, body_line, meta)


def load_unit(course: Course, unit_plan: UnitPlan, findings: Findings) -> Unit | None:
    """The unit, its problems recorded in `findings`; None when unit.yml cannot be used."""
    root, standard, plan = course.root, course.standard, course.plan
    folder = root / unit_plan.id
    if not folder.is_dir():
        findings.error(
            t(
                "the plan lists unit '{unit}' but there is no folder {folder}",
                unit=unit_plan.id,
                folder=folder,
            ),
            plan.path,
            unit_plan.line,
        )
        return None
    unit_file = folder / "unit.yml"
    if not _inside_folder(unit_file, folder, findings):
        return None
    data = findings.attempt(lambda: load_yaml_map(unit_file), None)
    if data is None:
        return None
    for error in data.unknown_fields(UNIT_FIELDS):
        findings.add(error)
    unit_id = findings.attempt(lambda: data.get_typed("id", str), unit_plan.id)
    if unit_id != unit_plan.id:
        findings.add(
            data.error(
                t(
                    "id '{id}' differs from the folder name '{folder}'",
                    id=unit_id,
                    folder=unit_plan.id,
                ),
                "id",
            )
        )
    code = str(findings.attempt(lambda: data.get_typed("standard", (str, int)), ""))
    standard_unit = standard.unit(code)
    if standard_unit is None and code:
        codes = ", ".join(u.code for u in standard.units)
        findings.add(
            data.error(
                t(
                    "standard code '{code}' is not a unit of the standard ({codes})",
                    code=code,
                    codes=codes,
                ),
                "standard",
            )
        )
    mastery = findings.attempt(lambda: data.get_typed("mastery", (int, float), None), None)
    if mastery is not None and not 0 <= mastery <= 100:
        findings.add(data.error(t("'mastery' is a percentage between 0 and 100"), "mastery"))
    quiz_path = _quiz_path(root, data, findings)
    lesson_files = sorted(folder.glob("*.md"))
    if not lesson_files:
        findings.error(t("a unit needs at least one lesson (NN-slug.md)"), folder)
    lessons = tuple(
        lesson
        for path in lesson_files
        if _inside_folder(path, folder, findings)
        and (lesson := load_lesson(path, standard_unit, findings)) is not None
    )
    seen: dict[str, Path] = {}
    for lesson in lessons:
        if lesson.id in seen:
            findings.error(
                t(
                    "lesson id '{id}' is also used by {other}",
                    id=lesson.id,
                    other=seen[lesson.id].name,
                ),
                lesson.path,
                1,
            )
        seen[lesson.id] = lesson.path
    tasks = () if standard_unit is None else load_tasks(folder, standard_unit, set(seen), findings)
    _check_package_names((*lessons, *tasks), findings)
    _check_glossary_names(lessons, course.glossary, findings)
    lessons = tuple(
        replace(lesson, lesson_links=_lesson_links(lesson, lesson_files, lessons, findings))
        for lesson in lessons
    )
    title = findings.attempt(lambda: data.get_typed("title", str), "")
    description = findings.attempt(lambda: data.get_typed("description", str, ""), "")
    quiz_duration = findings.attempt(lambda: data.get_typed("quiz_duration", int, 0), 0)
    if standard_unit is None:
        return None
    return Unit(
        id=unit_id,
        folder=folder,
        title=title,
        description=" ".join(description.split()),
        mastery=None if mastery is None else float(mastery),
        quiz_path=quiz_path,
        quiz_duration=quiz_duration,
        standard=standard_unit,
        plan=unit_plan,
        lessons=lessons,
        mastery_line=data.line_of("mastery") if "mastery" in data else 0,
        tasks=tasks,
    )


def load_tasks(
    folder: Path, standard_unit: StandardUnit, taken: set[str], findings: Findings
) -> tuple[Task, ...]:
    """The unit's practical tasks (tasks/NN-slug.md) in file order, each problem recorded in
    `findings`; `taken` holds the ids its lessons use. A task's materials are files beside it."""
    tasks: list[Task] = []
    for path in sorted((folder / "tasks").glob("*.md")):
        if not _inside_folder(path, folder, findings):
            continue
        try:
            meta, body, body_line = read_page(path)
            task = read_task(path, meta, body, body_line, standard_unit, taken)
        except ContentError as error:
            findings.add(error)
            continue
        screens = split_screens(body, body_line)
        references = find_references((screen.markdown, screen.line) for screen in screens)
        _refuse_remote(path, references, findings)
        _refuse_lesson_links(path, references, findings)
        taken.add(task.id)
        files = _local_files(path, references, findings)
        tasks.append(replace(task, files=files, images=references.images))
    return tuple(tasks)


def _refuse_lesson_links(path: Path, references: References, findings: Findings) -> None:
    """A task's instructions are also its Moodle assignment's description, where no lesson is a
    page a link could open: a link to a lesson would lead nowhere there."""
    for ref in references.links:
        if is_lesson_link(ref.target):
            findings.error(
                t(
                    "link to '{target}', a lesson: a task's instructions are also the "
                    "description of its assignment in Moodle, where a lesson has no page to "
                    "link to; name the lesson in the text instead",
                    target=ref.target,
                ),
                path,
                ref.line,
            )


def _quiz_path(root: Path, data: YamlMap, findings: Findings) -> Path | None:
    """The unit's verification: a quiz file is required, since the standard requires one."""
    quiz = findings.attempt(lambda: data.get_typed("quiz", str, None), None)
    if quiz is None:
        findings.error(
            t(
                "the unit has no verification: the standard requires one at the end of each "
                "unit (set 'quiz' in unit.yml)"
            ),
            data.path,
        )
        return None
    repository = root.parent
    quiz_path = repository / quiz
    real = findings.attempt(lambda: real_path(quiz_path), None)
    if real is None:
        return None
    if not real.is_relative_to(repository.resolve()):
        findings.add(
            data.error(
                t(
                    "the quiz file must be inside the repository ({folder}): '{quiz}' is not",
                    folder=repository,
                    quiz=quiz,
                ),
                "quiz",
            )
        )
        return None
    if not quiz_path.exists():
        findings.add(data.error(t("quiz file {quiz} not found", quiz=quiz), "quiz"))
        return None
    if not quiz_path.is_file():  # a folder, a FIFO that would wait for a writer, a device
        findings.add(data.error(t("the quiz {quiz} is not a file", quiz=quiz), "quiz"))
        return None
    return quiz_path


def _inside_folder(path: Path, folder: Path, findings: Findings) -> bool:
    """Whether `path` is in `folder` once symbolic links are followed; an error if it is not, and
    the file is never read: its content is not the course's."""
    real = findings.attempt(lambda: real_path(path), None)
    if real is None:
        return False  # a loop of links, recorded
    if real.is_relative_to(folder.resolve()):
        return True
    findings.error(
        t(
            "a symbolic link to a file outside {folder}: the course's files must be in the "
            "course's folders",
            folder=folder,
        ),
        path,
    )
    return False


def _lesson_links(
    lesson: Lesson, lesson_files: list[Path], lessons: tuple[Lesson, ...], findings: Findings
) -> tuple[LessonLink, ...]:
    """The links of `lesson` to lessons of its unit; a link to a lesson of another unit (which
    is in another package) or to no lesson at all is an error."""
    folder = lesson.path.parent
    by_file = {other.path.name: other for other in lessons}
    names = [path.name for path in lesson_files]
    links = []
    for ref in lesson.links:
        if not is_lesson_link(ref.target):
            continue
        written, _, anchor = ref.target.partition("#")
        try:
            target = real_path(folder / written, written=ref.target)
        except ContentError as error:
            findings.error(error.message, lesson.path, ref.line)
            continue
        if target.parent != folder.resolve():
            findings.error(_foreign_lesson(ref.target, target, folder), lesson.path, ref.line)
        elif target.name in by_file:
            links.append(LessonLink(ref.target, by_file[target.name].id, anchor, ref.line))
        elif target.name not in names:  # a lesson that could not be read is an error already
            findings.error(
                did_you_mean(
                    t(
                        "link to '{target}': there is no lesson {name} in this unit",
                        target=ref.target,
                        name=target.name,
                    ),
                    target.name,
                    names,
                ),
                lesson.path,
                ref.line,
            )
    return tuple(links)


def _foreign_lesson(written: str, target: Path, folder: Path) -> str:
    if target.parent.parent == folder.resolve().parent:
        return t(
            "link to '{target}', a lesson of another unit ({unit}): only the lessons of one "
            "unit are in one package, so link to lessons of this unit",
            target=written,
            unit=target.parent.name,
        )
    return t("link to '{target}': a lesson link names a lesson of this unit", target=written)


def _check_admonitions(path: Path, screens: tuple[Screen, ...], findings: Findings) -> None:
    """A box of a type the course does not know (`!!! warnin`) shows as plain text in a grey
    box: a warning, with the closest known type."""
    for screen in screens:
        text = mask_code(screen.markdown)
        for match in _ADMONITION.finditer(text):
            if match[1] not in ADMONITION_TYPES:
                findings.warning(
                    did_you_mean(
                        t(
                            "unknown box type '!!! {kind}': the known ones are {known}",
                            kind=match[1],
                            known=", ".join(ADMONITION_TYPES),
                        ),
                        match[1],
                        list(ADMONITION_TYPES),
                    ),
                    path,
                    screen.line + text.count("\n", 0, match.start()),
                )


def _check_glossary_names(
    lessons: tuple[Lesson, ...], glossary: tuple[GlossaryEntry, ...], findings: Findings
) -> None:
    terms = [entry.term for entry in glossary]
    for lesson in lessons:
        for name in lesson.glossary:
            if name not in terms:
                findings.error(
                    did_you_mean(
                        t("glossary: '{name}' is not a term of glossary.yml", name=name),
                        name,
                        terms,
                    ),
                    lesson.path,
                    lesson.glossary_line or None,
                )


def did_you_mean(message: str, wrong: str, known: list[str]) -> str:
    """`message`, followed by the closest of `known` to `wrong` when one is close."""
    close = difflib.get_close_matches(wrong, known, n=1)
    return (
        t("{message}; did you mean '{close}'?", message=message, close=close[0])
        if close
        else message
    )


def _check_package_names(pages_of: Sequence[Lesson | Task], findings: Findings) -> None:
    """A file a lesson or a task brings must not take a name the compiler gives its own files,
    nor one that only the case of its letters tells from another's (many file systems ignore
    case)."""
    pages = {f"{name}.html" for name in (QUIZ_SCO_ID, *(page.id for page in pages_of))}
    reserved = {MANIFEST_FILE, *pages}
    names = ", ".join([MANIFEST_FILE, f"{SHARED_DIR}/", f"{QTI_DIR}/", *sorted(pages)])
    seen: dict[str, LessonFile] = {}
    for page in pages_of:
        for file in page.files:
            folded = file.path.casefold()
            first = seen.setdefault(folded, file)
            if folded in reserved or folded.split("/")[0] in (SHARED_DIR, QTI_DIR):
                message = t(
                    "'{path}' takes a name the compiler gives its own files ({names})",
                    path=file.path,
                    names=names,
                )
            elif first.path != file.path:
                message = t(
                    "'{path}' and '{other}' differ only in the case of their letters: "
                    "on many systems they are one file",
                    path=file.path,
                    other=first.path,
                )
            elif first.source.resolve() != file.source.resolve():
                message = t(
                    "'{path}' is also the name of another file, {other}: a package holds "
                    "one file by that name",
                    path=file.path,
                    other=first.source,
                )
            else:
                continue
            findings.error(message, page.path, file.line)


def read_page(path: Path) -> tuple[YamlMap, str, int]:
    """The front matter, body and body's first line of a lesson, a task or the company profile;
    each control character in it is an error."""
    text = read_text(path)
    errors = control_characters(text, path, ContentError)
    if errors:
        raise errors[0] if len(errors) == 1 else ContentErrors(errors)
    return split_front_matter(text, path)


def split_front_matter(text: str, path: Path) -> tuple[YamlMap, str, int]:
    """Front matter mapping, body, and the 1-based line where the body starts."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError(t("the file starts with YAML front matter between '---' lines"), path, 1)
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if end is None:
        raise ContentError(t("front matter is not closed by a '---' line"), path, 1)
    meta = parse_yaml("\n".join(lines[1:end]), path, line_offset=1)
    if not isinstance(meta, YamlMap):
        raise ContentError(t("front matter must be a YAML mapping"), path, 2)
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


def _string_list(meta: YamlMap, key: str) -> tuple[str, ...]:
    value = meta.get_typed(key, list, [])
    if not all(isinstance(v, (str, int)) for v in value):
        raise meta.error(t("'{key}' must be a list of texts", key=key), key)
    return tuple(str(v) for v in value)


def _minutes(meta: YamlMap) -> int:
    duration: int = meta.get_typed("duration", int)
    if duration <= 0:
        raise meta.error(t("'duration' is a positive number of minutes"), "duration")
    return duration


def load_lesson(
    path: Path, standard_unit: StandardUnit | None, findings: Findings
) -> Lesson | None:
    """The lesson, each problem of its front matter and text recorded in `findings`; None when
    its front matter cannot be read. Without `standard_unit`, `covers` is not checked."""
    match = LESSON_FILE.match(path.name)
    if not match:
        findings.error(t("lesson files are named NN-slug.md (two digits, lower-case slug)"), path)
        return None
    try:
        meta, body, body_line = read_page(path)
    except ContentError as error:
        findings.add(error)
        return None
    for error in meta.unknown_fields(LESSON_FIELDS):
        findings.add(error)
    lesson_id = findings.attempt(lambda: meta.get_typed("id", str, match.group(2)), match.group(2))
    if not LESSON_ID.match(lesson_id):
        findings.add(
            meta.error(
                t(
                    "lesson id '{id}' must start with a letter and hold only a-z, 0-9 and '-'",
                    id=lesson_id,
                ),
                "id",
            )
        )
    elif lesson_id == QUIZ_SCO_ID:
        findings.error(
            t(
                "the lesson id '{id}' is the verification's: give the lesson another id "
                "(or file name)",
                id=lesson_id,
            ),
            path,
            meta.key_lines.get("id"),
        )
    title = findings.attempt(lambda: meta.get_typed("title", str), "")
    duration = findings.attempt(lambda: _minutes(meta), 0)
    covers = findings.attempt(lambda: _string_list(meta, "covers"), ())
    for item in covers:
        if standard_unit is not None and item not in standard_unit.items:
            findings.add(meta.error(standard_unit.unknown_item(item), "covers"))
    objectives = findings.attempt(lambda: _string_list(meta, "objectives"), ())
    glossary = findings.attempt(lambda: _string_list(meta, "glossary"), ())
    screens = split_screens(body, body_line)
    if not screens:
        findings.error(t("the lesson has no text"), path, body_line)
    _check_admonitions(path, screens, findings)
    references = find_references((screen.markdown, screen.line) for screen in screens)
    _refuse_remote(path, references, findings)
    return Lesson(
        id=lesson_id,
        path=path,
        title=title,
        duration=duration,
        covers=covers,
        objectives=objectives,
        screens=screens,
        images=references.images,
        links=references.links,
        covers_line=meta.line_of("covers"),
        files=_local_files(path, references, findings),
        glossary=glossary,
        glossary_line=meta.line_of("glossary") if "glossary" in meta else 0,
    )


def _refuse_remote(path: Path, references: References, findings: Findings) -> None:
    """What other HTML elements load comes from the package or not at all."""
    for ref in references.embedded:
        if is_remote(ref.target):
            findings.error(
                t(
                    "'{target}' is not a local file: packages must be self-contained",
                    target=ref.target,
                ),
                path,
                ref.line,
            )


def _local_files(
    lesson_path: Path, references: References, findings: Findings
) -> tuple[LessonFile, ...]:
    """Every local file the lesson shows or links to; each one a package may not hold (see
    scormgen.structure.media) is an error."""
    files: dict[str, LessonFile] = {}
    folder = t("the unit folder")
    for ref, missing in (
        *(
            (image, t("image '{target}' not found", target=image.target))
            for image in references.images
        ),
        *(
            (link, t("link to '{target}', which does not exist", target=link.target))
            for link in references.links
            if not (is_external_link(link.target) or is_lesson_link(link.target))
        ),
    ):
        try:
            path = package_path(ref.target, folder)
            source = source_file(lesson_path.parent, path, ref.target, folder)
        except FileNotFoundError:
            findings.error(missing, lesson_path, ref.line)
        except ContentError as error:
            findings.error(error.message, lesson_path, ref.line)
        else:
            files.setdefault(path, LessonFile(path, source, ref.line))
    return tuple(sorted(files.values(), key=lambda f: f.path))


def load_glossary(path: Path) -> tuple[GlossaryEntry, ...]:
    if not (path.exists() or path.is_symlink()):  # a link that leads nowhere is an error
        return ()
    data = load_yaml(path)
    if not isinstance(data, list):
        raise ContentError(
            t("the glossary is a YAML list of entries (term, it, definition)"), path, 1
        )
    entries = []
    for entry in data:
        if not isinstance(entry, YamlMap):
            raise ContentError(t("each glossary entry is a mapping"), path)
        entry.reject_unknown({"term", "en", "it", "definition", "common"})
        entries.append(
            GlossaryEntry(
                term=str(entry.get_typed("term", (str, int))),
                it=entry.get_typed("it", str, ""),
                definition=entry.get_typed("definition", str),
                en=entry.get_typed("en", str, ""),
                common=entry.get_typed("common", bool, False),
            )
        )
    return tuple(entries)
