"""The images a quiz shows: files beside the quiz file, held to the rules of lesson images.

Both the QTI package and the SCORM quiz page carry them: QTI beside its items, the quiz page
from where the SCORM package keeps the QTI files (relocate_images()).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from course_model.errors import ContentError, QuizError, QuizErrors
from course_model.i18n import t
from scormgen.quiz.model import Question, Quiz, TextBlock
from scormgen.structure.media import is_remote, package_path, source_file

# Sanitised HTML writes attributes as name="value" and escapes '<', '>' and '"' inside them, so
# these find every image and link of it.
_IMAGE_SOURCE = re.compile(r'(<img\s[^>]*?(?<=\s)src=")([^"]*)(")')
_LINK_TARGET = re.compile(r'<a\s[^>]*?(?<=\s)href="([^"]*)"')


def quiz_texts(quiz: Quiz) -> Iterator[tuple[str, int]]:
    """Every piece of HTML of the quiz, with the line of the question or text it belongs to."""
    yield quiz.description_html, 1
    for item in quiz.items:
        if isinstance(item, TextBlock):
            yield item.html, item.line
    for question in quiz.questions():
        for text in _question_texts(question):
            yield text, question.line


def _question_texts(question: Question) -> Iterator[str]:
    yield question.html
    for choice in question.choices:
        yield choice.html
        yield choice.feedback_html
    for option in (
        *(pair.left for pair in question.pairs),
        *question.targets,
        *question.order,
    ):
        yield option.html
    feedback = question.feedback
    yield from (feedback.general, feedback.correct, feedback.incorrect, feedback.solution)


def quiz_image(quiz_path: Path, src: str) -> Path:
    """The file an image `src` of the quiz at `quiz_path` shows (FileNotFoundError when there is
    none); a ContentError without a place when it is not one a package may hold."""
    folder = t("the quiz's folder")
    return source_file(quiz_path.parent, package_path(src, folder), src, folder)


def quiz_images(quiz: Quiz) -> dict[str, Path]:
    """Package path (relative to the quiz file) → file, of every image the quiz shows. Every
    image that cannot be packaged, and every link to a local file (quiz texts link to web pages
    only), is an error: all of them are raised together."""
    assert quiz.source is not None
    images: dict[str, Path] = {}
    errors: list[ContentError] = []
    for text, line in quiz_texts(quiz):
        if "<img" not in text and "<a" not in text:
            continue
        for match in _IMAGE_SOURCE.finditer(text):
            src = html.unescape(match.group(2))
            try:
                images.setdefault(src, quiz_image(quiz.source, src))
            except FileNotFoundError:
                errors.append(
                    QuizError(
                        t("image '{src}' not found beside the quiz file", src=src),
                        quiz.source,
                        line,
                    )
                )
            except ContentError as error:
                errors.append(QuizError(error.message, quiz.source, line))
        for match in _LINK_TARGET.finditer(text):
            href = html.unescape(match.group(1))
            if not (href.startswith("#") or is_remote(href)):
                errors.append(
                    QuizError(
                        t(
                            "link to '{href}': a quiz text links to web pages only; put the file "
                            "in a lesson",
                            href=href,
                        ),
                        quiz.source,
                        line,
                    )
                )
    if errors:
        raise errors[0] if len(errors) == 1 else QuizErrors(errors)
    return images


def relocate_images(page: str, moved: Mapping[str, str]) -> str:
    """`page` (sanitised HTML) with each image whose src is a key of `moved` showing the value."""
    if not moved:
        return page

    def move(match: re.Match[str]) -> str:
        src = html.unescape(match.group(2))
        if src not in moved:
            return match.group()
        return match.group(1) + html.escape(moved[src]) + match.group(3)

    return _IMAGE_SOURCE.sub(move, page)
