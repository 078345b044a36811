"""Reader of the quiz text format (DESIGN.md, "Quiz text format").

The format is a superset of text2qti 0.8's plain text: every element starts at the beginning
of a line with a marker (`1.`, `a)`, `*`, `Points:` …); the lines that continue an element are
indented to its text (for the `Name:` elements, by the indent of their first continuation
line, at least two spaces). Blank lines are kept inside elements that may hold paragraphs.
The extensions (`Covers:`, `~` matching, `>` ordering, `Mastery:`, `Attempts:`, `Feedback:`)
cannot occur in a valid text2qti file, so text2qti files mean here what they mean there.

The reader is lenient where text2qti refuses something harmless (blank lines between
`Points:` and its question, feedback after the answers of an essay) and strict everywhere
else: every error is a QuizError naming the file, the line and what was expected. It reads on
after an error, so that one reading reports them all: a line it cannot read is skipped with
the lines that continue it, and a question with an error is dropped with the rest of its
answers and feedback, so that one mistake is reported once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from course_model.errors import ContentError, QuizError, QuizErrors
from course_model.i18n import t, tn
from course_model.textfile import control_characters, read_text, without_control_characters
from scormgen.quiz.draft import QuestionDraft, build, kind_name
from scormgen.quiz.model import (
    ANSWERS_SHOWN,
    FEEDBACK_TIMINGS,
    Answer,
    Item,
    NumericAnswer,
    Pool,
    Question,
    QuestionKind,
    Quiz,
    QuizOptions,
    TextBlock,
    content_id,
)
from scormgen.quiz.text import TextRenderer

# How an element's text continues on the following lines.
TEXT = "text"  # paragraphs, indented to the text after the marker (questions, choices, feedback)
TITLE = "title"  # one paragraph, indent set by its first continuation line (`Title:`)
BLOCK = "block"  # paragraphs, indent set by its first continuation line (`Text:`)
LINE = "line"  # this line only
BARE = "bare"  # a marker alone on its line

# (name, marker pattern, continuation). Order matters where markers share a prefix.
_ELEMENTS: tuple[tuple[str, str, str], ...] = (
    ("question", r"\d+\.", TEXT),
    ("correct_choice", r"\*[a-zA-Z]\)", TEXT),
    ("choice", r"[a-zA-Z]\)", TEXT),
    ("correct_multiple", r"\[\*\]", TEXT),
    ("multiple", r"\[ ?\]", TEXT),
    ("short_answer", r"\*", LINE),
    ("feedback", r"\.\.\.", TEXT),
    ("correct_feedback", r"\+", TEXT),
    ("incorrect_feedback", r"-", TEXT),
    ("solution", r"!", TEXT),
    ("essay", r"___+", BARE),
    ("upload", r"\^\^\^+", BARE),
    ("numerical", r"=", LINE),
    ("match", r"~", LINE),
    ("order", r">", LINE),
    ("question_title", r"[Tt]itle:", TITLE),
    ("question_points", r"[Pp]oints:", LINE),
    ("question_covers", r"[Cc]overs:", LINE),
    ("question_unit", r"[Uu]nit:", LINE),
    ("text_title", r"[Tt]ext [Tt]itle:", TITLE),
    ("text", r"[Tt]ext:", BLOCK),
    ("quiz_title", r"[Qq]uiz [Tt]itle:", TITLE),
    ("quiz_description", r"[Qq]uiz [Dd]escription:", BLOCK),
    ("group_start", r"GROUP", BARE),
    ("group_end", r"END_GROUP", BARE),
    ("group_pick", r"[Pp]ick:", LINE),
    ("group_solutions_pick", r"[Ss]olutions [Pp]ick:", LINE),
    ("group_points", r"[Pp]oints [Pp]er [Qq]uestion:", LINE),
    ("shuffle_answers", r"[Ss]huffle [Aa]nswers:", LINE),
    ("show_correct_answers", r"[Ss]how [Cc]orrect [Aa]nswers:", LINE),
    ("one_question_at_a_time", r"[Oo]ne [Qq]uestion [Aa]t [Aa] [Tt]ime:", LINE),
    ("cant_go_back", r"[Cc]an't [Gg]o [Bb]ack:", LINE),
    ("feedback_is_solution", r"[Ff]eedback [Ii]s [Ss]olution:", LINE),
    ("solutions_sample_groups", r"[Ss]olutions [Ss]ample [Gg]roups:", LINE),
    ("solutions_randomize_groups", r"[Ss]olutions [Rr]andomize [Gg]roups:", LINE),
    ("mastery", r"[Mm]astery:", LINE),
    ("attempts", r"[Aa]ttempts:", LINE),
    ("feedback_timing", r"[Ff]eedback:", LINE),
    ("show_answers", r"[Ss]how [Aa]nswers:", LINE),
)
_CONTINUATION = {name: how for name, _, how in _ELEMENTS}
_MARKER_RE = re.compile(
    "|".join(
        rf"(?P<{name}>{pattern})[ \t]*$" if how == BARE else rf"(?P<{name}>{pattern})[ \t]+(?=\S)"
        for name, pattern, how in _ELEMENTS
    )
)
_FENCE_RE = re.compile(r"(`{3,}|~{3,})")
_RUN_FENCE_RE = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[ \t]*\{[^}\n]*\.run\b", re.M)
_COVER_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
_SPLIT_COVERS = re.compile(r"[,\s]+")
_MASTERY_RE = re.compile(r"(\d+(?:\.\d+)?)[ \t]*%?")
_TRUE_FALSE = {"true": True, "false": False}
# What a question is made of after its `1.` line: skipped with it when it has an error.
_QUESTION_PARTS = frozenset(
    {
        "correct_choice",
        "choice",
        "correct_multiple",
        "multiple",
        "short_answer",
        "feedback",
        "correct_feedback",
        "incorrect_feedback",
        "solution",
        "essay",
        "upload",
        "numerical",
        "match",
        "order",
    }
)
_BEFORE_QUESTION = frozenset(
    {"question", "question_title", "question_points", "question_covers", "question_unit"}
)

_KIND_OF_ANSWER: dict[str, QuestionKind] = {
    "correct_choice": "single",
    "choice": "single",
    "correct_multiple": "multiple",
    "multiple": "multiple",
    "short_answer": "short",
    "numerical": "numerical",
    "essay": "essay",
    "upload": "upload",
    "match": "matching",
    "order": "ordering",
}


# How each kind of question marks its answers, for messages.
_ANSWER_MARKERS: dict[QuestionKind, str] = {
    "single": "a) / *a)",
    "multiple": "[ ] / [*]",
    "short": "*",
    "numerical": "=",
    "essay": "___",
    "upload": "^^^",
    "matching": "~",
    "ordering": ">",
}


def _kind_label(kind: QuestionKind) -> str:
    """A kind of question, with the marker of its answers."""
    return f"{kind_name(kind)} ({_ANSWER_MARKERS[kind]})"


def _feedback_label(key: str) -> str:
    """A kind of feedback, with its marker."""
    return {
        "general": t("feedback ('...')"),
        "correct": t("correct feedback ('+')"),
        "incorrect": t("incorrect feedback ('-')"),
        "solution": t("solution ('!')"),
    }[key]


def _expected_answers() -> str:
    return t(
        "choices (a) / *a)), multiple answers ([ ] / [*]), short answers (*), a number (=), "
        "an essay (___), an upload (^^^), matching pairs (~) or ordering items (>)"
    )


def read_quiz_text(path: Path) -> str:
    """The text of a quiz file (UTF-8, with or without a byte order mark)."""
    return read_text(path, QuizError)


def parse_quiz_file(path: Path, renderer: TextRenderer | None = None) -> Quiz:
    """Read a quiz file in the text format."""
    return parse_quiz(read_quiz_text(path), path, renderer)


def parse_quiz(
    text: str, path: Path | str = "<quiz>", renderer: TextRenderer | None = None
) -> Quiz:
    """Parse quiz text; `path` names the source in errors."""
    return _Parser(text, Path(path), renderer or TextRenderer()).parse()


@dataclass
class _Element:
    name: str
    text: str
    line: int


@dataclass
class _PoolDraft:
    line: int
    pick: int = 1
    points: float = 1.0
    solutions_pick: int | None = None
    questions: list[Question] = field(default_factory=list)
    set_options: set[str] = field(default_factory=set)
    errors_before: int = 0  # errors found before the GROUP line


@dataclass
class _TextDraft:
    line: int
    title: str = ""
    text: str | None = None


class _Parser:
    def __init__(self, text: str, path: Path, renderer: TextRenderer):
        self.path = path
        self.md = renderer
        self.text = text.replace("\r\n", "\n")
        self.lines = self.text.split("\n")
        self.title = ""
        self.description = ""
        self.options: dict[str, object] = {}
        self.option_lines: dict[str, int] = {}
        self.items: list[Question | Pool | TextBlock | _TextDraft] = []
        self.question: QuestionDraft | None = None
        self.pool: _PoolDraft | None = None
        self.pending: dict[str, tuple[object, int]] = {}
        self.question_texts: dict[str, int] = {}
        self.ids: set[str] = set()
        self.handlers: dict[str, Callable[[_Element], None]] = {
            name: getattr(self, f"_on_{name}") for name, _, _ in _ELEMENTS
        }
        self.errors: list[QuizError] = []
        self.dropped_question = False  # the current question had an error: skip what follows it
        self.nested_groups = 0  # GROUPs refused inside a GROUP, whose END_GROUP ends nothing

    def error(self, message: str, line: int) -> QuizError:
        return QuizError(message, self.path, line)

    def _record(self, error: ContentError, line: int) -> None:
        """Keep `error` for the end of the reading; one without a place (from the Markdown
        renderer) is placed on `line`."""
        if error.path is None:
            error = self.error(error.message, line)
        elif not isinstance(error, QuizError):
            error = QuizError(error.message, error.path, error.line)
        self.errors.append(error)

    # --- reading lines into elements -------------------------------------------------------

    def parse(self) -> Quiz:
        for element in self._elements():
            if self.dropped_question and element.name in _QUESTION_PARTS:
                continue
            try:
                self._handle(element)
            except ContentError as error:
                self._record(error, element.line)
                if element.name == "question" or element.name in _QUESTION_PARTS:
                    self.question, self.dropped_question = None, True
        quiz = None
        try:
            quiz = self._finish()
        except ContentError as error:
            self._record(error, 1)
        if self.errors or quiz is None:
            errors = sorted(self.errors, key=lambda e: e.line or 0)
            raise errors[0] if len(errors) == 1 else QuizErrors(errors)
        return quiz

    def _handle(self, element: _Element) -> None:
        if element.name != "text":
            self._finish_last_text()  # a `Text title:` takes only the `Text:` right after it
        if element.name == "question":
            self.dropped_question = False
        if self.pending and element.name not in _BEFORE_QUESTION:
            error = self._unused_question_attributes(element.line)
            self.pending = {}
            raise error
        self.handlers[element.name](element)

    def _unused_question_attributes(self, line: int) -> QuizError:
        first = min(at for _, at in self.pending.values())
        return self.error(
            t(
                "expected a question ('1. …') after the Title:/Points:/Covers:/Unit: of line "
                "{line}",
                line=first,
            ),
            line,
        )

    def _elements(self) -> Iterator[_Element]:
        controls = control_characters(self.text, self.path, QuizError)
        self.errors += controls
        # Reported above; read on as if each were a space, to find the other errors.
        lines = (
            [without_control_characters(line) for line in self.lines] if controls else self.lines
        )
        count = len(lines)
        index = 0
        while index < count:
            line = lines[index]
            number = index + 1
            match = _MARKER_RE.match(line)
            after: int | None = None  # the line after the element, once its lines are read
            try:
                if match is None:
                    index = self._skip_non_element(line, index)
                    continue
                name = match.lastgroup
                assert name is not None
                how = _CONTINUATION[name]
                first = line[match.end() :].strip()
                index += 1
                if how in (LINE, BARE):
                    yield _Element(name, first, number)
                    continue
                text_lines, index = self._continuation(lines, line, match.end(), how, index)
                after = index
                text = "\n".join([first, *text_lines])
                self._refuse_executable_code(text, number)
            except QuizError as error:
                self.errors.append(error)
                index = after if after is not None else self._skip_broken(lines, number)
                if match is not None and match.lastgroup in _QUESTION_PARTS | {"question"}:
                    self.question, self.dropped_question = None, True
                continue
            yield _Element(name, text, number)

    @staticmethod
    def _skip_broken(lines: list[str], number: int) -> int:
        """The index of the first line after line `number` that is blank or starts an element:
        the lines in between continue what could not be read."""
        index = number
        while index < len(lines):
            line = lines[index]
            if not line.strip() or _MARKER_RE.match(line):
                break
            index += 1
        return index

    def _skip_non_element(self, line: str, index: int) -> int:
        """Step over blank lines and comments; anything else at this point is an error."""
        number = index + 1
        if not line.strip() or line.startswith("%"):
            return index + 1
        if line.startswith("COMMENT"):
            if line.strip() != "COMMENT":
                raise self.error(t("expected 'COMMENT' alone on its line"), number)
            for end in range(index + 1, len(self.lines)):
                if self.lines[end].startswith("END_COMMENT"):
                    if self.lines[end].strip() != "END_COMMENT":
                        raise self.error(t("expected 'END_COMMENT' alone on its line"), end + 1)
                    return end + 1
            raise self.error(t("COMMENT without a closing END_COMMENT"), number)
        if line.startswith("END_COMMENT"):
            raise self.error(t("END_COMMENT without an opening COMMENT"), number)
        raise self.error(self._describe_unexpected(line), number)

    def _describe_unexpected(self, line: str) -> str:
        fence = _FENCE_RE.match(line)
        if fence:
            if ".run" in line:
                return self._executable_code_message()
            return t(
                "a code block must be indented as part of the text of a question, choice, "
                "feedback or Text:"
            )
        with_text = "|".join(pattern for _, pattern, how in _ELEMENTS if how != BARE)
        match = re.match(rf"(?:{with_text})(?=\S)", line)
        if match:
            return t("expected a space after '{marker}'", marker=match.group())
        match = re.match(rf"(?:{with_text})[ \t]*$", line)
        if match:
            return t("expected text after '{marker}'", marker=match.group().strip())
        if line[0] in " \t":
            return t(
                "unexpected indented text: continuation lines must be indented exactly to the "
                "text of the element they continue"
            )
        shown = line if len(line) <= 40 else line[:39] + "…"
        return t(
            "unexpected text {text}: expected a question ('1. …'), an answer, feedback, "
            "an option ('Name: value') or a continuation line indented to the text above",
            text=repr(shown),
        )

    @staticmethod
    def _executable_code_message() -> str:
        return t(
            "executable code blocks ({.lang .run}) are not supported: quiz files are never "
            "executed; write the output into the quiz instead"
        )

    def _refuse_executable_code(self, text: str, line: int) -> None:
        if "```" not in text and "~~~" not in text:
            return
        found = _RUN_FENCE_RE.search(text)
        if found:
            raise self.error(
                self._executable_code_message(), line + text.count("\n", 0, found.start())
            )

    def _continuation(
        self, lines: list[str], line: str, marker_end: int, how: str, index: int
    ) -> tuple[list[str], int]:
        """The lines continuing an element, and the index of the first line after them."""
        indent: str | None = (
            None if how in (TITLE, BLOCK) else " " * len(line[:marker_end].expandtabs(4))
        )
        text_lines: list[str] = []
        while index < len(lines):
            line = lines[index]
            if not line or line.isspace():
                if how == TITLE:
                    break
                text_lines.append("")
                index += 1
                continue
            expanded = line.expandtabs(4)
            if indent is None:
                if line[0] not in " \t":
                    break
                indent = " " * (len(expanded) - len(expanded.lstrip(" ")))
                if len(indent) < 2:
                    raise self.error(
                        t("continuation lines must be indented by at least 2 spaces or 1 tab"),
                        index + 1,
                    )
            elif not expanded.startswith(indent):
                break
            text_lines.append(expanded[len(indent) :].rstrip())
            index += 1
        while text_lines and not text_lines[-1]:
            text_lines.pop()
            index -= 1
        return text_lines, index

    # --- quiz header ------------------------------------------------------------------------

    def _marker(self, element: _Element) -> str:
        """The marker of a `Name:` element as the author wrote it, for messages."""
        line = self.lines[element.line - 1]
        return line[: line.index(":") + 1] if ":" in line else element.name

    def _header(self, element: _Element) -> None:
        if self.items or self.question is not None or self.pool is not None:
            raise self.error(
                t("{marker} must come before the first question", marker=self._marker(element)),
                element.line,
            )

    def _on_quiz_title(self, element: _Element) -> None:
        self._header(element)
        self._once("quiz title", element)
        self.title = element.text

    def _on_quiz_description(self, element: _Element) -> None:
        self._header(element)
        self._once("quiz description", element)
        self.description = element.text

    def _once(self, key: str, element: _Element) -> None:
        if key in self.option_lines:
            raise self.error(
                t(
                    "{marker} already given on line {line}",
                    marker=self._marker(element),
                    line=self.option_lines[key],
                ),
                element.line,
            )
        self.option_lines[key] = element.line

    def _option(self, key: str, element: _Element, value: object) -> None:
        self._header(element)
        self._once(key, element)
        self.options[key] = value

    def _bool(self, element: _Element) -> bool:
        value = _TRUE_FALSE.get(element.text.lower())
        if value is None:
            raise self.error(
                t("expected 'true' or 'false', not {value}", value=repr(element.text)),
                element.line,
            )
        return value

    def _bool_option(self, element: _Element) -> None:
        self._option(element.name, element, self._bool(element))

    _on_shuffle_answers = _on_show_correct_answers = _on_one_question_at_a_time = _bool_option
    _on_cant_go_back = _on_feedback_is_solution = _bool_option

    # text2qti's options for its printable solutions: accepted so that its files load, no effect.
    _on_solutions_sample_groups = _on_solutions_randomize_groups = _bool_option

    def _on_mastery(self, element: _Element) -> None:
        match = _MASTERY_RE.fullmatch(element.text)
        value = float(match.group(1)) if match else -1.0
        if not 0 <= value <= 100:
            raise self.error(
                t(
                    "expected a pass mark from 0% to 100%, like 'Mastery: 60%', not {value}",
                    value=repr(element.text),
                ),
                element.line,
            )
        self._option("mastery_pct", element, value)

    def _on_attempts(self, element: _Element) -> None:
        self._option("attempts", element, self._positive_int(element))

    def _on_feedback_timing(self, element: _Element) -> None:
        value = element.text.lower()
        if value not in FEEDBACK_TIMINGS:
            raise self.error(
                t(
                    "expected 'Feedback: immediate', 'on-submit' or 'never', not {value}",
                    value=repr(element.text),
                ),
                element.line,
            )
        self._option("feedback", element, value)

    def _on_show_answers(self, element: _Element) -> None:
        value = element.text.lower()
        if value not in ANSWERS_SHOWN:
            choices = "', '".join(ANSWERS_SHOWN)
            raise self.error(
                t(
                    "expected 'Show answers: {choices}', not {value}",
                    choices=choices,
                    value=repr(element.text),
                ),
                element.line,
            )
        self._option("show_answers", element, value)

    def _positive_int(self, element: _Element) -> int:
        text = element.text.replace("_", "")
        if not text.isdigit() or int(text) < 1:
            raise self.error(
                t(
                    "{marker} expected a whole number of at least 1, not {value}",
                    marker=self._marker(element),
                    value=repr(element.text),
                ),
                element.line,
            )
        return int(text)

    def _positive_number(self, element: _Element) -> float:
        try:
            value = float(element.text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value > 0):
            raise self.error(
                t(
                    "{marker} expected a positive number, not {value}",
                    marker=self._marker(element),
                    value=repr(element.text),
                ),
                element.line,
            )
        return value

    # --- questions --------------------------------------------------------------------------

    def _on_question_title(self, element: _Element) -> None:
        self._pending("title", element, " ".join(element.text.split()))

    def _on_question_points(self, element: _Element) -> None:
        self._pending("points", element, self._positive_number(element))

    def _on_question_covers(self, element: _Element) -> None:
        ids = [c for c in _SPLIT_COVERS.split(element.text) if c]
        for cover in ids:
            if not _COVER_RE.fullmatch(cover):
                raise self.error(
                    t(
                        "Covers: expected ids like A1, K3 separated by commas, not {value}",
                        value=repr(cover),
                    ),
                    element.line,
                )
        self._pending("covers", element, tuple(dict.fromkeys(ids)))

    def _on_question_unit(self, element: _Element) -> None:
        unit = " ".join(element.text.split())
        if len(unit) > 20 or any(c.isdigit() for c in unit):
            raise self.error(
                t(
                    "Unit: expected the unit a numerical answer is given in, like '%', 'minuti' "
                    "or '€', not {value}",
                    value=repr(element.text),
                ),
                element.line,
            )
        self._pending("unit", element, unit)

    def _pending(self, key: str, element: _Element, value: object) -> None:
        if key in self.pending:
            raise self.error(
                t(
                    "the next question's {marker} was already given on line {line}",
                    marker=self._marker(element),
                    line=self.pending[key][1],
                ),
                element.line,
            )
        self.pending[key] = (value, element.line)

    def _close_question(self) -> None:
        """Finish the current question; its error is recorded, never raised, since it belongs
        to the question and not to the element that ends it."""
        draft, self.question = self.question, None
        if draft is None:
            return
        try:
            question = build(
                draft, self.path, self.ids, self.md.render, self.md.render_inline, _expected_answers
            )
        except ContentError as error:
            self._record(error, draft.line)
            return
        if self.pool is not None:
            self.pool.questions.append(question)
        else:
            self.items.append(question)

    def _on_question(self, element: _Element) -> None:
        self._close_question()
        seen = self.question_texts.get(element.text)
        if seen is not None:
            raise self.error(
                t("the same question is already on line {line}", line=seen), element.line
            )
        self.question_texts[element.text] = element.line
        pending = {key: value for key, (value, _) in self.pending.items()}
        self.question = QuestionDraft(text=element.text, line=element.line, **pending)  # type: ignore[arg-type]
        if self.pool is not None:
            self.question.points = self.pool.points
        self.pending = {}

    def _current(self, element: _Element, what: str) -> QuestionDraft:
        """The question being read; `what` names the element that needs one, for the message."""
        if self.question is None:
            raise self.error(t("{what} must follow a question ('1. …')", what=what), element.line)
        return self.question

    def _answer(self, element: _Element) -> QuestionDraft:
        """The current question, checked to accept this kind of answer."""
        kind = _KIND_OF_ANSWER[element.name]
        question = self._current(element, t("an answer"))
        if question.kind is None:
            question.kind, question.kind_line = kind, element.line
        elif question.kind != kind:
            raise self.error(
                t(
                    "this question (line {line}) already has {kind} answers; it cannot also have "
                    "{other} answers",
                    line=question.line,
                    kind=_kind_label(question.kind),
                    other=_kind_label(kind),
                ),
                element.line,
            )
        elif kind in ("essay", "upload", "numerical"):
            raise self.error(
                t(
                    "this question already has its {kind} answer (line {line})",
                    kind=_kind_label(kind),
                    line=question.kind_line,
                ),
                element.line,
            )
        return question

    def _add_choice(self, element: _Element, correct: bool) -> None:
        question = self._answer(element)
        for text, _, line in question.choices:
            if text == element.text:
                raise self.error(
                    t("the same choice is already on line {line}", line=line), element.line
                )
        question.choices.append((element.text, correct, element.line))

    def _on_correct_choice(self, element: _Element) -> None:
        self._add_choice(element, True)

    def _on_choice(self, element: _Element) -> None:
        self._add_choice(element, False)

    _on_correct_multiple = _on_correct_choice
    _on_multiple = _on_choice

    def _on_short_answer(self, element: _Element) -> None:
        question = self._answer(element)
        if any(answer.text == element.text for answer in question.answers):
            raise self.error(t("the same answer is already given"), element.line)
        question.answers.append(Answer(element.text))

    def _on_numerical(self, element: _Element) -> None:
        question = self._answer(element)
        try:
            question.numbers.append(parse_number_answer(element.text))
        except ValueError as exc:
            raise self.error(str(exc), element.line) from None

    def _on_essay(self, element: _Element) -> None:
        self._answer(element)

    _on_upload = _on_essay

    def _on_match(self, element: _Element) -> None:
        question = self._answer(element)
        left, arrow, right = element.text.partition("=>")
        left, right = left.strip(), right.strip()
        if not arrow or not right:
            raise self.error(
                t("expected a matching pair '~ left => right' or a distractor '~ => right'"),
                element.line,
            )
        if not left:
            if right in question.distractors or right in (r for _, r in question.pairs):
                raise self.error(
                    t(
                        "the distractor {target} is already a target of this question",
                        target=repr(right),
                    ),
                    element.line,
                )
            question.distractors.append(right)
            return
        if left in (prompt for prompt, _ in question.pairs):
            raise self.error(
                t("the prompt {prompt} is already paired in this question", prompt=repr(left)),
                element.line,
            )
        if right in question.distractors:
            raise self.error(
                t("{target} is already a distractor of this question", target=repr(right)),
                element.line,
            )
        question.pairs.append((left, right))

    def _on_order(self, element: _Element) -> None:
        question = self._answer(element)
        if element.text in question.order:
            raise self.error(t("the same item is already in this ordering"), element.line)
        question.order.append(element.text)

    def _on_feedback(self, element: _Element) -> None:
        question = self._current(element, _feedback_label("general"))
        if question.choices:
            index = len(question.choices) - 1
            if index in question.choice_feedback:
                raise self.error(t("this choice already has its feedback"), element.line)
            question.choice_feedback[index] = element.text
            return
        self._set_feedback(question, "general", element)
        if self.options.get("feedback_is_solution"):
            question.feedback["solution"] = element.text

    def _set_feedback(self, question: QuestionDraft, key: str, element: _Element) -> None:
        if key in question.feedback:
            raise self.error(
                t("this question already has its {feedback}", feedback=_feedback_label(key)),
                element.line,
            )
        question.feedback[key] = element.text

    def _scored_feedback(self, element: _Element, key: str) -> None:
        question = self._current(element, _feedback_label(key))
        if question.kind in ("essay", "upload"):
            raise self.error(
                t(
                    "{kind} questions are graded by a person: they have no {feedback}",
                    kind=_kind_label(question.kind),
                    feedback=_feedback_label(key),
                ),
                element.line,
            )
        self._set_feedback(question, key, element)

    def _on_correct_feedback(self, element: _Element) -> None:
        self._scored_feedback(element, "correct")

    def _on_incorrect_feedback(self, element: _Element) -> None:
        self._scored_feedback(element, "incorrect")

    def _on_solution(self, element: _Element) -> None:
        question = self._current(element, _feedback_label("solution"))
        if self.options.get("feedback_is_solution"):
            raise self.error(
                t(
                    "with 'Feedback is solution: true' the solution is written as feedback "
                    "('...'), not with '!'"
                ),
                element.line,
            )
        self._set_feedback(question, "solution", element)

    # --- pools and text ---------------------------------------------------------------------

    def _on_group_start(self, element: _Element) -> None:
        self._close_question()
        if self.pool is not None:
            self.nested_groups += 1
            raise self.error(
                t(
                    "GROUP inside the GROUP of line {line}: groups cannot be nested",
                    line=self.pool.line,
                ),
                element.line,
            )
        self.pool = _PoolDraft(line=element.line, errors_before=len(self.errors))

    def _group_option(self, element: _Element) -> _PoolDraft:
        marker = self._marker(element)
        if self.pool is None:
            raise self.error(t("{marker} must follow GROUP", marker=marker), element.line)
        if self.pool.questions or self.question is not None:
            raise self.error(
                t("group options must come right after GROUP, before its questions"),
                element.line,
            )
        if element.name in self.pool.set_options:
            raise self.error(t("this group's {marker} is already set", marker=marker), element.line)
        self.pool.set_options.add(element.name)
        return self.pool

    def _on_group_pick(self, element: _Element) -> None:
        self._group_option(element).pick = self._positive_int(element)

    def _on_group_solutions_pick(self, element: _Element) -> None:
        self._group_option(element).solutions_pick = self._positive_int(element)

    def _on_group_points(self, element: _Element) -> None:
        self._group_option(element).points = self._positive_number(element)

    def _on_group_end(self, element: _Element) -> None:
        self._close_question()
        if self.nested_groups:
            self.nested_groups -= 1  # the END_GROUP of a GROUP already refused
            return
        pool = self.pool
        if pool is None:
            raise self.error(t("END_GROUP without an opening GROUP"), element.line)
        dropped = len(self.errors) > pool.errors_before  # questions with errors are not counted
        if not dropped and len(pool.questions) < max(pool.pick, pool.solutions_pick or 0):
            self.pool = None
            raise self.error(
                tn(
                    "the GROUP of line {line} has {count} question, fewer than the {picks} it "
                    "picks",
                    "the GROUP of line {line} has {count} questions, fewer than the {picks} it "
                    "picks",
                    len(pool.questions),
                    line=pool.line,
                    picks=max(pool.pick, pool.solutions_pick or 0),
                ),
                element.line,
            )
        questions = tuple(pool.questions)
        self.items.append(
            Pool(
                id=content_id("pool", " ".join(sorted(q.id for q in questions))),
                pick=pool.pick,
                points_per_question=pool.points,
                questions=questions,
                line=pool.line,
            )
        )
        self.pool = None

    def _text_allowed(self, element: _Element) -> None:
        if self.pool is not None:
            raise self.error(
                t("Text: cannot be inside the GROUP of line {line}", line=self.pool.line),
                element.line,
            )
        self._close_question()

    def _on_text_title(self, element: _Element) -> None:
        self._text_allowed(element)
        self.items.append(_TextDraft(line=element.line, title=" ".join(element.text.split())))

    def _on_text(self, element: _Element) -> None:
        self._text_allowed(element)
        last = self.items[-1] if self.items else None
        if isinstance(last, _TextDraft):
            last.text = element.text
        else:
            self.items.append(_TextDraft(line=element.line, text=element.text))
        self._finish_last_text()

    def _finish_last_text(self) -> None:
        draft = self.items[-1] if self.items else None
        if isinstance(draft, _TextDraft):
            text = draft.text or ""
            self.items[-1] = TextBlock(
                title=draft.title, text=text, html=self.md.render(text), line=draft.line
            )

    # --- end of file ------------------------------------------------------------------------

    def _finish(self) -> Quiz:
        if self.pending:
            raise self._unused_question_attributes(min(at for _, at in self.pending.values()))
        self._close_question()
        if self.pool is not None:
            raise self.error(t("this GROUP has no END_GROUP"), self.pool.line)
        if not self.errors and not any(isinstance(item, (Question, Pool)) for item in self.items):
            raise self.error(t("no questions found: expected at least one question ('1. …')"), 1)
        options = {k: v for k, v in self.options.items() if k in QuizOptions.__dataclass_fields__}
        if options.get("cant_go_back") and not options.get("one_question_at_a_time"):
            raise self.error(
                t("'Can't go back: true' needs 'One question at a time: true'"),
                self.option_lines["cant_go_back"],
            )
        items: list[Item] = [
            item for item in self.items if isinstance(item, (Question, Pool, TextBlock))
        ]
        return Quiz(
            title=" ".join(self.title.split()) or "Quiz",
            description=self.description,
            description_html=self.md.render(self.description),
            options=QuizOptions(**options),  # type: ignore[arg-type]
            items=tuple(items),
            source=self.path,
        )


def parse_number_answer(text: str) -> NumericAnswer:
    """`5`, `1.41 +- 0.01`, `1.41 +- 1%` or `[1.2, 1.3]`; ValueError with the expected forms."""
    text = text.strip().replace("±", "+-")
    try:
        if text.startswith("["):
            if not text.endswith("]") or text.count(",") != 1:
                raise ValueError
            low, high = (_finite(part) for part in text[1:-1].split(","))
            if low > high:
                raise ValueError(
                    t(
                        "the range [{low}, {high}] must start with its lower end",
                        low=f"{low:g}",
                        high=f"{high:g}",
                    )
                )
            return NumericAnswer("range", low=low, high=high)
        value, sign, margin = text.partition("+-")
        if not sign:
            return NumericAnswer("exact", value=_finite(value))
        percent = margin.strip().endswith("%")
        tolerance = _finite(margin.strip().removesuffix("%"))
        if tolerance < 0:
            raise ValueError(t("the tolerance after '+-' must not be negative"))
        return NumericAnswer(
            "percent" if percent else "exact", value=_finite(value), tolerance=tolerance
        )
    except ValueError as exc:
        raise ValueError(
            str(exc)
            or t("expected a number: '= 5', '= 1.41 +- 0.01', '= 1.41 +- 1%' or '= [1.2, 1.3]'")
        ) from None


def _finite(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError from None  # the caller says what was expected
    if not math.isfinite(value):
        raise ValueError
    return value
