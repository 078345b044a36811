"""Stage 3 of the build: turn a unit's structure into the files of its pages.

The output is version-neutral: the same pages go into the SCORM 1.2 and 2004 packages, and
the runtime finds whichever API the LMS offers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath

import jinja2
from markupsafe import Markup

from scormgen.errors import ContentError
from scormgen.markdown_render import MarkdownRenderer
from scormgen.structure import Course, GlossaryEntry, Lesson, Reference, Unit
from scormgen.ui_text import UI_TEXT

SHARED_DIR = "shared"
STATIC_FILES = ("course.css", "runtime.js")


@dataclass(frozen=True)
class RenderedSco:
    """One SCO: its launch page and every file it uses besides the shared assets."""

    identifier: str
    title: str
    kind: str  # "lesson" or "quiz"
    href: str
    files: tuple[str, ...]
    duration: int  # minutes
    mastery: float | None = None


@dataclass(frozen=True)
class RenderedUnit:
    unit: Unit
    scos: tuple[RenderedSco, ...]
    files: dict[str, bytes]  # every package file except the manifest, by path in the package
    shared_files: tuple[str, ...]


class PageRenderer:
    """Holds what is costly to set up once per build: the Jinja environment and Markdown converter."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self.markdown = MarkdownRenderer()
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("scormgen", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.static = {f"{SHARED_DIR}/{name}": resources.files("scormgen").joinpath("static", name).read_bytes()
                       for name in STATIC_FILES}
        self._glossary = {entry.term.casefold(): entry for entry in course.glossary}
        # One pass per lesson finds every glossary term it uses (longest terms first).
        terms = sorted(self._glossary, key=len, reverse=True)
        self._terms = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, terms)) + r")(?!\w)", re.IGNORECASE) if terms else None

    def render_unit(self, unit: Unit) -> RenderedUnit:
        files: dict[str, bytes] = dict(self.static)
        scos = []
        for lesson in unit.lessons:
            href = f"{lesson.id}.html"
            media = self._media(unit, lesson)
            files[href] = self._lesson_page(unit, lesson).encode("utf-8")
            for path, source in media.items():
                files[path] = source.read_bytes()
            scos.append(RenderedSco(lesson.id, lesson.title, "lesson", href, (href, *sorted(media)), lesson.duration))
        return RenderedUnit(unit, tuple(scos), files, tuple(self.static))

    def _lesson_page(self, unit: Unit, lesson: Lesson) -> str:
        screens = []
        for number, screen in enumerate(lesson.screens, start=1):
            html = self.markdown.render(screen.markdown, id_prefix=f"s{number}-")
            head, sep, body = html.partition("</h1>")
            # Sanitised HTML: safe to insert as markup. Objectives go right after the lesson title.
            screens.append({"head": Markup(head + sep), "body": Markup(body)} if sep
                           else {"head": "", "body": Markup(html)})
        config = {"unit": unit.id, "sco": lesson.id, "kind": "lesson", "screens": len(screens), "text": UI_TEXT}
        return self.env.get_template("lesson.html").render(
            language=self.course.plan.language,
            unit=unit,
            lesson=lesson,
            screens=screens,
            glossary=self._glossary_of(lesson),
            text=UI_TEXT,
            config=script_json(config),
        )

    def _glossary_of(self, lesson: Lesson) -> list[GlossaryEntry]:
        if self._terms is None:
            return []
        used = {m.casefold() for screen in lesson.screens for m in self._terms.findall(screen.markdown)}
        return sorted((self._glossary[term] for term in used), key=lambda e: e.term.casefold())

    @staticmethod
    def _media(unit: Unit, lesson: Lesson) -> dict[str, Path]:
        """Package path → source file of every local file the lesson shows or links to."""
        media = {}
        local_links = [link for link in lesson.links if not is_external_link(link.target)]
        for ref in (*lesson.images, *local_links):
            path = local_target(ref, lesson.path)
            source = unit.folder / path
            if not source.is_file():
                raise ContentError(f"'{ref.target}' not found (looked for {source})", lesson.path, ref.line)
            media[path] = source
        return media


def is_external_link(target: str) -> bool:
    """Links that stay links (other sites, mail, anchors in the page) rather than packaged files."""
    return target.startswith(("#", "http://", "https://", "mailto:"))


def local_target(ref: Reference, lesson_path: Path) -> str:
    """The package path of a local file a lesson refers to; remote or escaping paths are refused."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", ref.target, re.I) or ref.target.startswith("//"):
        raise ContentError(f"'{ref.target}' is not a local file: packages must be self-contained", lesson_path, ref.line)
    path = PurePosixPath(ref.target.split("#")[0].split("?")[0])
    if path.is_absolute() or ".." in path.parts:
        raise ContentError(f"'{ref.target}' must be a path inside the unit folder", lesson_path, ref.line)
    return str(path)


def script_json(data: object) -> str:
    """JSON safe to place inside a <script> element."""
    return Markup(json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/"))
