"""Stage 3 of the build: turn a unit's structure into the files of its pages.

The output is version-neutral: the same pages go into the SCORM 1.2 and 2004 packages, and
the runtime finds whichever API the LMS offers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from course_model.errors import ContentError
from course_model.i18n import t
from course_model.identifiers import MANIFEST_FILE, QTI_DIR, QUIZ_SCO_ID, SHARED_DIR
from scormgen.quiz import qti21
from scormgen.quiz.media import quiz_images, relocate_images
from scormgen.quiz.model import Quiz, html_to_plain
from scormgen.quiz.parser import parse_quiz_file
from scormgen.quiz.text import TextRenderer
from scormgen.render.branding import head_style, logo_path
from scormgen.render.markdown import QUIZ_TEXT_PREFIX, MarkdownRenderer
from scormgen.render.quiz_page import number, quiz_page
from scormgen.render.tasks import moodle_description, submission_rules
from scormgen.render.template_cache import template_cache
from scormgen.runtime.shipped import STATIC_FILES, shipped
from scormgen.runtime.ui_text import UI_TEXT
from scormgen.structure.course import (
    CaseProfile,
    Course,
    GlossaryEntry,
    Lesson,
    LessonFile,
    LessonLink,
    Screen,
    Unit,
    did_you_mean,
    pass_mark,
)
from scormgen.structure.findings import Findings
from scormgen.structure.markup import is_external_link
from scormgen.structure.media import is_remote
from scormgen.structure.tasks import Task

_WORD = re.compile(r"\w+")
# The query of a lesson opened from another's link, for reference: its runtime then leaves the LMS
# alone, since in the LMS's frame or window it would report as if it were the SCO launched there.
CONSULT = "consulta=1"
# What a SCO page is made of.
SCO_TEMPLATES = ("base.html", "nav.html", "lesson.html", "quiz.html", "task.html")
# How the page templates are read; the cache of compiled templates is kept per settings.
TEMPLATE_SETTINGS: dict[str, bool] = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}
CASE_PAGE = f"{SHARED_DIR}/azienda.html"  # the case company's profile, linked from every page
_HEADING = re.compile(r"<h[1-3][^>]*>(.*?)</h[1-3]>", re.S)


@dataclass(frozen=True, slots=True)
class RenderedSco:
    """One SCO: its launch page and every file it uses besides the shared assets."""

    # The content id: the lesson's, or the quiz's; the manifest's item is identifiers.item_id(id).
    id: str
    title: str
    kind: str  # "lesson", "quiz" or "task" (a practical task's instructions, not graded here)
    href: str
    files: tuple[str, ...]
    duration: int  # minutes
    mastery: float | None = None


@dataclass(frozen=True, slots=True)
class NextSco:
    """The SCO after a lesson, as its end screen names it."""

    title: str
    href: str
    kind: str  # "lesson" or "quiz"


@dataclass(frozen=True, slots=True)
class RenderedUnit:
    unit: Unit
    scos: tuple[RenderedSco, ...]
    files: dict[str, bytes]  # every package file except the manifest, by path in the package
    shared_files: tuple[str, ...]
    quiz: Quiz | None
    qti_package: dict[str, bytes]  # the quiz's QTI 2.1 content package; empty without a quiz
    task_descriptions: dict[str, str]  # each task's assignment description in Moodle, by task id

    @property
    def qti_files(self) -> tuple[str, ...]:
        """The QTI items and test as the SCORM package carries them (without the QTI manifest)."""
        return tuple(
            sorted(f"{QTI_DIR}/{path}" for path in self.qti_package if path != MANIFEST_FILE)
        )


class PageRenderer:
    """Holds what is costly to set up once per build: the Jinja environment, the Markdown
    converter, the shared files."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self.markdown = MarkdownRenderer()
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("scormgen.render", "templates"),
            bytecode_cache=template_cache(TEMPLATE_SETTINGS),
            **TEMPLATE_SETTINGS,
        )
        for template in SCO_TEMPLATES:
            self.env.get_template(template)  # compiled once, before build workers fork
        self.static = {f"{SHARED_DIR}/{name}": shipped(name) for name in STATIC_FILES}
        branding = course.plan.branding
        self.style = head_style(branding)
        self.logo = logo_path(branding, SHARED_DIR)
        if self.logo and branding.logo:
            self.static[self.logo] = branding.logo.read_bytes()
        self.case_link = None
        if course.profile is not None:
            self.static[CASE_PAGE] = self._case_page(course.profile).encode("utf-8")
            self.case_link = {"href": CASE_PAGE, "title": course.profile.title}
        # Each term as its words, and as those words between spaces to find them next to each other.
        self._terms = [
            (words, f" {' '.join(words)} ", entry)
            for entry in course.glossary
            if (words := _words(entry.term))
        ]

    def read_quiz(self, unit: Unit) -> Quiz | None:
        """The unit's verification, its texts rendered as the lessons are."""
        if unit.quiz_path is None:
            return None
        return parse_quiz_file(unit.quiz_path, TextRenderer(self.markdown))

    def render_unit(self, unit: Unit, quiz: Quiz | None) -> RenderedUnit:
        """The files of the unit's pages; `quiz` is its verification, from read_quiz(). The
        errors found in them are raised together."""
        files: dict[str, bytes] = dict(self.static)
        scos = []
        findings = Findings()
        # What follows each lesson, for its end screen: the next lesson, else the verification.
        following = [
            NextSco(lesson.title, f"{lesson.id}.html", "lesson") for lesson in unit.lessons
        ]
        if quiz is not None:
            following.append(NextSco(quiz.title, f"{QUIZ_SCO_ID}.html", "quiz"))
        next_of = {
            lesson.id: following[position] if position < len(following) else None
            for position, lesson in enumerate(unit.lessons, start=1)
        }
        pages = self._lesson_pages(unit, findings, next_of)
        for lesson in unit.lessons:
            href = f"{lesson.id}.html"
            files[href] = pages[lesson.id].encode("utf-8")
            for file in lesson.files:
                files[file.path] = file.source.read_bytes()
            scos.append(
                RenderedSco(
                    lesson.id,
                    lesson.title,
                    "lesson",
                    href,
                    (href, *(file.path for file in lesson.files)),
                    lesson.duration,
                )
            )
        if quiz is not None:
            mastery = pass_mark(unit, quiz)
            href = f"{QUIZ_SCO_ID}.html"
            # The page shows the quiz's images from where the package keeps the QTI files.
            moved = {
                src: f"{QTI_DIR}/{src}" for src in findings.attempt(lambda: quiz_images(quiz), {})
            }
            page = relocate_images(self._quiz_page(unit, quiz, mastery), moved)
            files[href] = page.encode("utf-8")
            scos.append(
                RenderedSco(
                    QUIZ_SCO_ID,
                    quiz.title,
                    "quiz",
                    href,
                    (href, *sorted(moved.values())),
                    unit.quiz_duration,
                    mastery,
                )
            )
        task_descriptions = {}
        for task in unit.tasks:
            # After the verification; its time is credited through the assignment, not here.
            href = f"{task.id}.html"
            page, task_descriptions[task.id] = self._task_page(unit, task, findings)
            files[href] = page.encode("utf-8")
            for file in task.files:
                files[file.path] = file.source.read_bytes()
            scos.append(
                RenderedSco(
                    task.id, task.title, "task", href, (href, *(f.path for f in task.files)), 0
                )
            )
        findings.raise_errors()
        qti_package = qti21.package_files(quiz, unit.id) if quiz else {}
        rendered = RenderedUnit(
            unit, tuple(scos), files, tuple(self.static), quiz, qti_package, task_descriptions
        )
        files.update((path, qti_package[path[len(QTI_DIR) + 1 :]]) for path in rendered.qti_files)
        return rendered

    def _lesson_pages(
        self, unit: Unit, findings: Findings, next_of: dict[str, NextSco | None]
    ) -> dict[str, str]:
        """Each lesson's page by lesson id. A link to a place (#anchor) in a page not yet
        rendered is resolved by rendering its lesson again once every page is: ids come from the
        rendered headings (with their screen's prefix), and most lessons link to none."""
        anchors: dict[str, dict[str, str]] = {}  # lesson id → anchor as written → id on its page
        pages: dict[str, str] = {}
        again = []
        for lesson in unit.lessons:
            first = Findings()
            pages[lesson.id], misses = self._lesson_page(
                unit, lesson, first, anchors, next_of[lesson.id]
            )
            if misses:
                again.append(lesson)
            else:
                findings.found += first.found
        for lesson in again:
            pages[lesson.id], misses = self._lesson_page(
                unit, lesson, findings, anchors, next_of[lesson.id]
            )
            for href, target, anchor in misses:
                link = next((link for link in lesson.lesson_links if link.target == href), None)
                findings.error(
                    did_you_mean(
                        t(
                            "link to '{target}': lesson '{lesson}' has no heading '#{anchor}'",
                            target=href,
                            lesson=target,
                            anchor=anchor,
                        ),
                        anchor,
                        sorted(anchors.get(target, {})),
                    ),
                    lesson.path,
                    link.line if link else _line_of(lesson.screens, href),
                )
        return pages

    def _lesson_page(
        self,
        unit: Unit,
        lesson: Lesson,
        findings: Findings,
        anchors: dict[str, dict[str, str]],
        next_sco: NextSco | None,
    ) -> tuple[str, list[tuple[str, str, str]]]:
        """The lesson's page, and its links to places not (yet) known in `anchors`: (href, lesson
        id, anchor). The page's own anchors are added to `anchors`."""
        screens = []
        cleaner = self.markdown.cleaner
        cleaner.addresses.clear()
        cleaner.ids.clear()
        misses: list[tuple[str, str, str]] = []
        cleaner.links = self._link_resolver(lesson.id, lesson.lesson_links, anchors, misses)
        try:
            for index, screen in enumerate(lesson.screens, start=1):
                try:
                    html = self.markdown.render(screen.markdown, id_prefix=f"s{index}-")
                except ContentError as error:
                    findings.error(error.message, lesson.path, _line_in_file(error, screen.line))
                    html = ""
                screens.append(html)
        finally:
            cleaner.links = None
        anchors[lesson.id] = dict(cleaner.ids)
        lessons = {link.target for link in lesson.lesson_links}
        _check_addresses(
            lesson.path, lesson.files, lessons, lesson.screens, cleaner.addresses, findings
        )
        return self._page_of_screens(unit, lesson, screens, next_sco), misses

    def _link_resolver(
        self,
        page_id: str,
        lesson_links: tuple[LessonLink, ...],
        anchors: dict[str, dict[str, str]],
        misses: list[tuple[str, str, str]],
    ) -> Callable[[str, str], str | None]:
        """The hrefs of a lesson's or a task's links to places (in its own page or, for a lesson,
        another's) and to other lessons, as its page writes them: another lesson opens for
        reference (see CONSULT); each link to a place not (yet) known goes to `misses`."""
        links = {link.target: link for link in lesson_links}
        ids = self.markdown.cleaner.ids  # the page's own, as its text is rendered

        def resolve(attribute: str, href: str) -> str | None:
            if attribute != "href":
                return None
            link = links.get(href)
            if link is not None:
                page, target, anchor = f"{link.lesson}.html?{CONSULT}", link.lesson, link.anchor
            elif href.startswith("#") and len(href) > 1:
                page, target, anchor = "", page_id, href[1:]
            else:
                return None
            if not anchor:
                return page
            # A link may name a heading's id as written or as the page gives it.
            known = anchors.get(target, ids if target == page_id else {})
            found = known.get(anchor) or (anchor if anchor in known.values() else None)
            if found is None:
                misses.append((href, target, anchor))
                return None
            return f"{page}#{found}"

        return resolve

    def _page_of_screens(
        self, unit: Unit, lesson: Lesson, htmls: list[str], next_sco: NextSco | None
    ) -> str:
        screens = []
        for html in htmls:
            head, sep, body = html.partition("</h1>")
            # Sanitised HTML: safe to insert as markup. Objectives go right after the lesson title.
            screens.append(
                {"head": Markup(head + sep), "body": Markup(body)}
                if sep
                else {"head": "", "body": Markup(html)}
            )
        return self._page(
            "lesson.html",
            unit,
            lesson.id,
            "lesson",
            {},
            page_title=lesson.title,
            progress=UI_TEXT["screen_of"].format(current=1, total=len(screens)),
            lesson=lesson,
            screens=screens,
            screen_titles=[
                screen_title(s["head"] + s["body"], n) for n, s in enumerate(screens, 1)
            ],
            glossary=self._glossary_of(lesson),
            next_sco=next_sco,
        )

    def _task_page(self, unit: Unit, task: Task, findings: Findings) -> tuple[str, str]:
        """A practical task's instructions on one screen, with how it is submitted and graded;
        and the same as the description of its assignment in Moodle."""
        cleaner = self.markdown.cleaner
        cleaner.ids.clear()
        # Places linked to before their heading, then those not found: (href, task id, anchor).
        misses: list[tuple[str, str, str]] = []
        cleaner.links = self._link_resolver(task.id, (), {}, misses)
        try:
            for _ in range(2):  # the second time, every heading's id is known
                cleaner.addresses.clear()
                misses.clear()
                instructions = self.markdown.render(task.body, id_prefix=QUIZ_TEXT_PREFIX)
                if not misses:
                    break
        except ContentError as error:
            findings.error(error.message, task.path, _line_in_file(error, task.body_line))
            instructions = ""
            misses.clear()
        finally:
            cleaner.links = None
        screens = (Screen(task.body, task.body_line),)
        for _, _, anchor in misses:
            findings.error(
                did_you_mean(
                    t("link to '#{anchor}': the task has no heading '#{anchor}'", anchor=anchor),
                    anchor,
                    sorted(cleaner.ids),
                ),
                task.path,
                _line_of(screens, f"#{anchor}"),
            )
        _check_addresses(task.path, task.files, set(), screens, cleaner.addresses, findings)
        page = self._page(
            "task.html",
            unit,
            task.id,
            "task",
            {},
            page_title=task.title,
            progress=UI_TEXT["screen_of"].format(current=1, total=1),
            instructions=Markup(instructions),
            rules=Markup(submission_rules(task)),
            screen_titles=[],
        )
        return page, moodle_description(task, instructions, cleaner)

    def _quiz_page(self, unit: Unit, quiz: Quiz, mastery: float) -> str:
        page = quiz_page(quiz, mastery)
        return self._page(
            "quiz.html",
            unit,
            QUIZ_SCO_ID,
            "quiz",
            {"quiz": page.config()},
            page_title=quiz.title,
            progress="",
            quiz=quiz,
            entries=page.entries,
            has_manual=page.has_manual,
            feedback=quiz.options.feedback,
            mastery_label=number(mastery),
        )

    def _case_page(self, profile: CaseProfile) -> str:
        try:
            body = self.markdown.render(profile.markdown)
        except ContentError as error:
            raise ContentError(
                error.message, profile.path, _line_in_file(error, profile.body_line)
            ) from None
        return self.env.get_template("case.html").render(
            language=self.course.plan.language,
            page_title=profile.title,
            branding_style=self.style,
            body=Markup(body),  # sanitised HTML
        )

    def _page(
        self,
        template: str,
        unit: Unit,
        sco_id: str,
        kind: str,
        extra_config: dict,
        **context: object,
    ) -> str:
        """A SCO page; its #sco-config tells the runtime what it is and gives it the UI strings."""
        config = {"unit": unit.id, "sco": sco_id, "kind": kind, "text": UI_TEXT, **extra_config}
        return self.env.get_template(template).render(
            language=self.course.plan.language,
            unit=unit,
            text=UI_TEXT,
            config=script_json(config),
            branding_style=self.style,
            logo=self.logo,
            provider=self.course.plan.provider or self.course.plan.title,
            case=self.case_link,
            **context,
        )

    def _glossary_of(self, lesson: Lesson) -> list[GlossaryEntry]:
        """The glossary entries whose term appears in the lesson, matched word by word, but for
        common words: those the lesson's `glossary` names."""
        words = _words(" ".join(screen.markdown for screen in lesson.screens))
        present, spaced = set(words), f" {' '.join(words)} "
        # The set rules out most terms cheaply; only terms whose words all occur are searched for.
        used = [
            entry
            for term, spaced_term, entry in self._terms
            if (entry.term in lesson.glossary)
            or (
                not entry.common
                and present.issuperset(term)
                and (len(term) == 1 or spaced_term in spaced)
            )
        ]
        return sorted(used, key=lambda e: e.term.casefold())


def _check_addresses(
    path: Path,
    files: tuple[LessonFile, ...],
    lessons: set[str],
    screens: tuple[Screen, ...],
    addresses: list[tuple[str, str, str]],
    findings: Findings,
) -> None:
    """Every address the HTML of a lesson or task uses is a packaged file (`files`), a page of
    this package (`lessons`: the links to them as written) or a link to the web: the structure
    stage found the references the author wrote as such, this finds those written otherwise (an
    attr_list's src, say)."""
    packaged = {file.path for file in files}
    for element, attribute, value in addresses:
        if attribute == "href" and (
            is_external_link(value) or is_remote(value) or value in lessons
        ):
            continue  # a link elsewhere: the sanitiser keeps http, https and mailto only
        if not is_remote(value) and value.split("#")[0].split("?")[0] in packaged:
            continue
        if is_remote(value):
            message = t(
                "'{target}' is not a local file: packages must be self-contained", target=value
            )
        else:
            message = t(
                "'{target}' in <{element} {attribute}> is not a file the package holds: "
                "write images as ![text](path) and links as [text](path), to files of the "
                "unit folder",
                target=value,
                element=element,
                attribute=attribute,
            )
        findings.error(message, path, _line_of(screens, value))


def _line_of(screens: tuple[Screen, ...], text: str) -> int:
    """The first line of the screens that holds `text` (the first screen's when none does)."""
    for screen in screens:
        at = screen.markdown.find(text)
        if at >= 0:
            return screen.line + screen.markdown.count("\n", 0, at)
    return screens[0].line if screens else 1


def screen_title(html: str, number: int) -> str:
    """A screen's name in the list of screens: its first heading, else its number."""
    match = _HEADING.search(html)
    title = html_to_plain(match.group(1)) if match else ""
    return title or UI_TEXT["screen_of"].split(" {")[0] + f" {number}"


def _words(text: str) -> tuple[str, ...]:
    """Lower-case words, so "E-mail" in a lesson matches the term "e-mail"."""
    return tuple(_WORD.findall(text.casefold()))


def script_json(data: object) -> str:
    """JSON safe to place inside a <script> element."""
    return Markup(json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/"))


def _line_in_file(error: ContentError, first_line: int) -> int:
    """The line of the file an error of a text is on, the text starting at `first_line`."""
    return first_line + (error.line or 1) - 1
