"""Reader of Moodle's GIFT format into the quiz model.

Questions are separated by blank lines (a second answer block, or a `::title::` opening a line
after the answer block, is an error rather than part of the question); `//` starts a comment
line; `::title::` names a question; `[html]`, `[markdown]`, `[plain]`, `[moodle]` set the format
of its text; the answers are in braces: `{=right ~wrong}` multiple choice (`~%50%` weights:
multiple answers), `{T}` / `{FALSE}` true/false, `{=answer =other}` short answer, `{#5:0.1}` /
`{#1..5}` numerical, `{=left -> right}` matching, `{}` essay; text after the braces makes a
missing-word question. `#feedback` follows an answer, `####feedback` is general feedback, `\\`
escapes `~ = # { } :`. `$CATEGORY:` lines give the quiz its title (the last part of the first
category). Weights (`~%50%`, `=%50%`) are kept as the options' and answers' weights, so a partly
right choice, short answer or number scores its share of the points; answers worth nothing only
carry feedback, which the model has no place for, and are left out. A format tag in front of a
matching item is dropped, as Moodle's import does.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from course_model.errors import ContentError, QuizError, QuizErrors
from course_model.i18n import t
from scormgen.quiz.draft import QuestionDraft, build
from scormgen.quiz.model import (
    FULL_MARKS,
    Answer,
    Item,
    NumericAnswer,
    Question,
    Quiz,
    QuizOptions,
    TextBlock,
)
from scormgen.quiz.parser import parse_number_answer, read_quiz_text
from scormgen.quiz.text import TextRenderer
from scormgen.render.markdown import sanitize

# Escaped characters become private-use placeholders while the markup is split.
_ESCAPES = {
    "\\\\": "\ue000",
    "\\~": "\ue001",
    "\\=": "\ue002",
    "\\#": "\ue003",
    "\\{": "\ue004",
    "\\}": "\ue005",
    "\\:": "\ue006",
    "\\n": "\n",
}
_UNESCAPE = str.maketrans({v: k[1] for k, v in _ESCAPES.items() if k != "\\n"})
_ESCAPE_RE = re.compile("|".join(re.escape(k) for k in _ESCAPES))
_WEIGHT_RE = re.compile(r"%(-?\d+(?:\.\d+)?)%")
_FORMAT_RE = re.compile(r"\[(html|markdown|plain|moodle)\]", re.I)
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
# After a question's answer block: another one, or a title opening a line, is a next question.
_NEXT_QUESTION = re.compile(r"\{|^[ \t]*::", re.M)


def _expected() -> str:
    return t(
        "an answer block in braces: {=right ~wrong}, {T}, {=accepted}, {#number}, "
        "{=left -> right} or {} for an essay"
    )


def parse_gift_file(path: Path, renderer: TextRenderer | None = None) -> Quiz:
    return parse_gift(read_quiz_text(path), path, renderer)


def parse_gift(
    text: str, path: Path | str = "<gift>", renderer: TextRenderer | None = None
) -> Quiz:
    return _GiftReader(Path(path), renderer or TextRenderer()).read(text)


def _blocks(text: str) -> list[tuple[int, str]]:
    """(first line, text) of each question block: runs of non-blank, non-comment lines."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if current:
                blocks.append((start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def _without_format(text: str) -> str:
    """`text` without a format tag in front (`[html]`…)."""
    text = text.strip()
    match = _FORMAT_RE.match(text)
    return text[match.end() :].strip() if match else text


def _unescaped(draft: QuestionDraft) -> QuestionDraft:
    """The draft with escaped characters restored, once its markup has been split."""

    def plain(text: str) -> str:
        return text.translate(_UNESCAPE)

    return replace(
        draft,
        text=plain(draft.text),
        choices=[(plain(text), correct, line) for text, correct, line in draft.choices],
        choice_feedback={i: plain(text) for i, text in draft.choice_feedback.items()},
        answers=[replace(a, text=plain(a.text)) for a in draft.answers],
        pairs=[(plain(left), plain(right)) for left, right in draft.pairs],
        distractors=[plain(d) for d in draft.distractors],
        feedback={key: plain(text) for key, text in draft.feedback.items()},
    )


class _GiftReader:
    def __init__(self, path: Path, renderer: TextRenderer):
        self.path = path
        self.md = renderer
        self.ids: set[str] = set()
        self.title = ""

    def error(self, message: str, line: int) -> QuizError:
        return QuizError(message, self.path, line)

    def read(self, text: str) -> Quiz:
        """The quiz; errors are collected block by block (questions are independent) and
        raised together at the end."""
        items: list[Item] = []
        errors: list[QuizError] = []
        for line, block in _blocks(text):
            block = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], block).strip()
            if block.startswith("$CATEGORY:"):
                category = block[len("$CATEGORY:") :].strip().translate(_UNESCAPE)
                self.title = self.title or category.rstrip("/").split("/")[-1].strip()
                continue
            try:
                items.append(self._item(block, line))
            except ContentError as error:
                # One without a file (the Markdown renderer's) goes on the question's line.
                placed = error.line if error.path is not None else None
                errors.append(QuizError(error.message, self.path, placed or line))
        if not errors and not any(isinstance(item, Question) for item in items):
            raise self.error(
                t("no questions found: expected at least one question with answers in braces"), 1
            )
        if errors:
            raise errors[0] if len(errors) == 1 else QuizErrors(errors)
        return Quiz(
            title=self.title or "Quiz",
            description="",
            description_html="",
            options=QuizOptions(),
            items=tuple(items),
            source=self.path,
        )

    def _renderers(self, fmt: str) -> tuple[Callable[[str], str], Callable[[str], str]]:
        """The renderers (block, inline) for texts written in `fmt`."""
        if fmt == "html":
            return (lambda text: sanitize(text.strip()),) * 2
        if fmt == "plain":
            return (
                lambda text: f"<p>{html.escape(text.strip())}</p>" if text.strip() else "",
                lambda text: html.escape(text.strip()),
            )
        return self.md.render, self.md.render_inline

    def _item(self, block: str, line: int) -> Item:
        whole, title = block, ""
        if block.startswith("::"):
            name, separator, rest = block[2:].partition("::")
            if not separator:
                raise self.error(t("expected '::' closing the question title"), line)
            title, block = " ".join(name.translate(_UNESCAPE).split()), rest.strip()
        fmt_match = _FORMAT_RE.match(block)
        fmt = fmt_match.group(1).lower() if fmt_match else "markdown"
        if fmt_match:
            block = block[fmt_match.end() :]
        start, end = block.find("{"), block.find("}")
        render, inline = self._renderers(fmt)
        if start < 0 and end < 0:
            block = block.translate(_UNESCAPE)
            return TextBlock(title=title, text=block, html=render(block), line=line)
        if start < 0 or end < start:
            raise self.error(t("unbalanced braces: expected one answer block '{…}'"), line)
        following = _NEXT_QUESTION.search(block, end + 1)
        if following:  # `block` is what is left of `whole` once title and format are read
            at = len(whole) - len(block) + following.start()
            raise self.error(
                t(
                    "a second question starts here, in the same block as the one before: "
                    "separate questions with a blank line"
                ),
                line + whole.count("\n", 0, at),
            )
        before, answer, after = (
            block[:start].strip(),
            block[start + 1 : end].strip(),
            block[end + 1 :].strip(),
        )
        text = f"{before} _____ {after}" if after else before
        if not text:
            raise self.error(t("expected the question text before the answer block"), line)
        draft = QuestionDraft(text=text, line=line, title=title)
        head, separator, tail = answer.rpartition("####")  # the last one, as Moodle reads it
        answer, general = (head, tail) if separator else (answer, "")
        if general.strip():
            draft.feedback["general"] = general
        self._answers(draft, answer.strip(), line)
        return build(_unescaped(draft), self.path, self.ids, render, inline, _expected)

    def _answers(self, draft: QuestionDraft, answer: str, line: int) -> None:
        if not answer:
            draft.kind = "essay"
        elif answer.startswith("#"):
            self._numerical(draft, answer[1:], line)
        elif "~" in answer:
            self._choices(draft, answer, line)
        elif "=" in answer and "->" in answer:
            self._matching(draft, answer, line)
        elif answer.partition("#")[0].strip() in _TRUE_FALSE:
            self._true_false(draft, answer)
        else:
            self._short(draft, answer, line)

    @staticmethod
    def _split(answer: str) -> list[tuple[str, str]]:
        """(marker, text) of each answer, marker '=' or '~'."""
        parts = re.split(r"([=~])", answer)
        if parts[0].strip():
            parts = ["=", *parts]
        else:
            parts = parts[1:]
        return [(parts[i], parts[i + 1].strip()) for i in range(0, len(parts) - 1, 2)]

    def _weight(self, text: str, line: int) -> tuple[float | None, str]:
        """The weight in front of an answer (`%50%`), if any, and the answer after it."""
        match = _WEIGHT_RE.match(text)
        if not match:
            return None, text
        weight = float(match.group(1))
        if abs(weight) > FULL_MARKS:
            raise self.error(
                t("a weight is a percentage from -100 to 100, not {weight}", weight=f"{weight:g}"),
                line,
            )
        return weight, text[match.end() :].strip()

    def _choices(self, draft: QuestionDraft, answer: str, line: int) -> None:
        answers = self._split(answer)
        single = any(marker == "=" for marker, _ in answers)
        draft.kind = "single" if single else "multiple"
        for marker, text in answers:
            weight, text = self._weight(text, line)
            weight = FULL_MARKS if marker == "=" else weight or 0.0
            text, _, feedback = text.partition("#")
            correct = marker == "=" or (not single and weight > 0)
            if not text.strip():
                raise self.error(t("expected the text of each choice after '=' or '~'"), line)
            if feedback.strip():
                draft.choice_feedback[len(draft.choices)] = feedback
            draft.choice_weights[len(draft.choices)] = weight
            draft.choices.append((text.strip(), correct, line))

    def _matching(self, draft: QuestionDraft, answer: str, line: int) -> None:
        draft.kind = "matching"
        for marker, text in self._split(answer):
            left, arrow, right = text.partition("->")
            left, right = _without_format(left), _without_format(right)
            if marker != "=" or not arrow or not right:
                raise self.error(t("expected matching pairs '=left -> right'"), line)
            if left:
                draft.pairs.append((left, right))
            else:
                draft.distractors.append(right)

    def _true_false(self, draft: QuestionDraft, answer: str) -> None:
        value, *feedback = answer.split("#")
        right = _TRUE_FALSE[value.strip()]
        wrong_feedback, right_feedback = (feedback + ["", ""])[:2]
        draft.kind = "single"
        for word, is_true in (("True", True), ("False", False)):
            if right_feedback.strip() or wrong_feedback.strip():
                draft.choice_feedback[len(draft.choices)] = (
                    right_feedback if is_true == right else wrong_feedback
                )
            draft.choices.append((word, is_true == right, draft.line))

    def _short(self, draft: QuestionDraft, answer: str, line: int) -> None:
        draft.kind = "short"
        for _, text in self._split(answer):
            weight, text = self._weight(text, line)
            weight = FULL_MARKS if weight is None else weight
            text, _, feedback = text.partition("#")
            if weight <= 0:
                continue
            if text.strip() and all(a.text != text.strip() for a in draft.answers):
                draft.answers.append(Answer(text.strip(), weight))
            if feedback.strip() and weight == FULL_MARKS:
                draft.feedback.setdefault("correct", feedback)

    def _numerical(self, draft: QuestionDraft, answer: str, line: int) -> None:
        draft.kind = "numerical"
        answer, _, wrong = answer.partition("~")
        wrong_feedback = wrong.partition("#")[2]
        if wrong_feedback.strip():
            draft.feedback["incorrect"] = wrong_feedback
        candidates = (
            [text for _, text in self._split(answer.strip())] if "=" in answer else [answer.strip()]
        )
        for candidate in candidates:
            weight, candidate = self._weight(candidate, line)
            weight = FULL_MARKS if weight is None else weight
            value, _, feedback = candidate.partition("#")
            if weight <= 0:
                continue
            draft.numbers.append(replace(self._number(value.strip(), line), weight=weight))
            if feedback.strip() and weight == FULL_MARKS:
                draft.feedback.setdefault("correct", feedback)
        if all(number.weight < FULL_MARKS for number in draft.numbers):
            raise self.error(
                t("expected a numerical answer worth 100%: {#5}, {#5:0.1} or {#1..5}"), line
            )

    def _number(self, text: str, line: int) -> NumericAnswer:
        try:
            if ".." in text:
                low, _, high = text.partition("..")
                return parse_number_answer(f"[{low}, {high}]")
            value, _, tolerance = text.partition(":")
            return parse_number_answer(f"{value} +- {tolerance}" if tolerance.strip() else value)
        except ValueError:
            raise self.error(
                t("expected a number like 5, 5:0.1 or 1..5, not {value}", value=repr(text)), line
            ) from None
