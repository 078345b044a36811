"""What the quiz SCO page needs from a parsed quiz: template data and the runtime's configuration.

The runtime scores in the browser, so the configuration carries each question's key. Its state
(drawn questions, answers) lives in cmi.suspend_data, which SCORM 1.2 caps at 4096 characters:
the longest typed answers are therefore sized here, at build time, so that the largest possible
attempt still fits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from course_model.errors import ContentError
from course_model.formats import ITALIAN
from course_model.i18n import t
from scormgen.quiz.model import Pool, Question, Quiz, TextBlock, html_to_plain
from scormgen.runtime.ui_text import UI_TEXT

SUSPEND_LIMIT = 4096  # SCORM 1.2 cmi.suspend_data
# Keys, numbers, brackets and flags of the runtime's state object, with room to spare:
# {"n":99,"u":1,"r":4294967295,"d":[],"a":[],"c":"","p":100}
STATE_OVERHEAD = 96
# Longest typed answer per kind when the budget allows it; numbers are short and never scaled down.
TEXT_CAPS = {"short": 200, "essay": 1500, "upload": 120}
NUMBER_LIMIT = 24
TEXT_FLOOR = 20  # below this a typed answer is unusable: the quiz is too large for one SCO
# Answers are coded with one base-36 digit per option (and SCORM 1.2 ids are single characters).
MAX_OPTIONS = 35


@dataclass(frozen=True, slots=True)
class PageOption:
    """A choice, matching prompt/target or ordering item as the page shows it."""

    index: int
    html: Markup
    label: str  # plain text (select options, accessible names)
    feedback: Markup = Markup("")


@dataclass(frozen=True, slots=True)
class PageFeedback:
    general: Markup
    correct: Markup
    incorrect: Markup
    solution: Markup


@dataclass(frozen=True, slots=True)
class PageQuestion:
    index: int  # position in the runtime's question list
    pool: int  # index of its pool, -1 when always shown
    question: Question
    points: float
    limit: int  # maxlength of a typed answer (0 for other kinds)

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def title(self) -> str:
        return self.question.title

    @property
    def html(self) -> Markup:
        return Markup(self.question.html)

    @property
    def auto_scored(self) -> bool:
        return self.question.auto_scored

    @property
    def points_label(self) -> str:
        if not self.auto_scored:
            return UI_TEXT["manual_points"]
        return (
            UI_TEXT["point"]
            if self.points == 1
            else UI_TEXT["points"].format(points=number(self.points))
        )

    @property
    def choices(self) -> tuple[PageOption, ...]:
        return tuple(
            PageOption(i, inline(c.html), html_to_plain(c.html), Markup(c.feedback_html))
            for i, c in enumerate(self.question.choices)
        )

    @property
    def prompts(self) -> tuple[PageOption, ...]:
        return tuple(
            PageOption(i, inline(p.left.html), html_to_plain(p.left.html))
            for i, p in enumerate(self.question.pairs)
        )

    @property
    def targets(self) -> tuple[PageOption, ...]:
        return tuple(
            PageOption(i, inline(t.html), html_to_plain(t.html))
            for i, t in enumerate(self.question.targets)
        )

    @property
    def items(self) -> tuple[PageOption, ...]:
        return tuple(
            PageOption(i, inline(o.html), html_to_plain(o.html))
            for i, o in enumerate(self.question.order)
        )

    @property
    def feedback(self) -> PageFeedback:
        f = self.question.feedback
        return PageFeedback(
            Markup(f.general), Markup(f.correct), Markup(f.incorrect), Markup(f.solution)
        )

    @property
    def expected(self) -> Markup:
        """The expected answer, where the page cannot mark it (choices are marked in place)."""
        q = self.question
        if q.kind == "short":
            return Markup("<p>{}</p>").format(q.right_answers[0])
        if q.kind == "numerical" and q.numeric is not None:
            n = q.numeric
            text = (
                f"{number(n.min)} – {number(n.max)}"
                if n.kind == "range"
                else number(n.midpoint)
                + (f" ± {number(n.absolute_tolerance)}" if n.absolute_tolerance else "")
            )
            return Markup("<p>{}</p>").format(f"{text} {q.unit}" if q.unit else text)
        if q.kind == "matching":
            rows = Markup("").join(
                Markup("<li>{} → {}</li>").format(inline(p.left.html), inline(p.right.html))
                for p in q.pairs
            )
            return Markup("<ul>{}</ul>").format(rows)
        if q.kind == "ordering":
            return Markup("<ol>{}</ol>").format(
                Markup("").join(Markup("<li>{}</li>").format(inline(o.html)) for o in q.order)
            )
        return Markup("")

    def key(self) -> dict:
        """What the runtime needs to show, score and report this question."""
        q = self.question
        data: dict = {
            "id": q.id,
            "kind": q.kind,
            "points": self.points,
            "pool": self.pool,
            "title": q.display_title,
            "limit": self.limit,
        }
        if q.kind in ("single", "multiple"):
            data["correct"] = [i for i, c in enumerate(q.choices) if c.correct]
            data["weights"] = [c.weight for c in q.choices]
        elif q.kind == "short":
            data["answers"] = list(q.right_answers)
            data["accept"] = [normalise(a.text) for a in q.answers]
            data["weights"] = [a.weight for a in q.answers]
        elif q.kind == "numerical" and q.numeric is not None:
            data["value"] = q.numeric.midpoint
            data["unit"] = q.unit
            # Full marks first: the runtime scores the first range holding the number.
            data["ranges"] = [[n.min, n.max, n.weight] for n in q.numbers]
        elif q.kind == "matching":
            target_index = {t.id: i for i, t in enumerate(q.targets)}
            data["match"] = [target_index[p.right.id] for p in q.pairs]
            data["targets"] = len(q.targets)
        elif q.kind == "ordering":
            data["count"] = len(q.order)
        return data


@dataclass(frozen=True, slots=True)
class PageEntry:
    """One block of the page in written order: a text, a question, or a pool's questions."""

    kind: str  # "text" | "question" | "pool"
    index: int = -1  # pool index
    pick: int = 0  # pool only: questions drawn per attempt
    block: TextBlock | None = None
    question: PageQuestion | None = None
    questions: tuple[PageQuestion, ...] = ()


@dataclass(frozen=True, slots=True)
class QuizPage:
    quiz: Quiz
    mastery: float
    entries: tuple[PageEntry, ...]
    questions: tuple[PageQuestion, ...]

    @property
    def has_manual(self) -> bool:
        return any(not q.auto_scored for q in self.questions)

    def config(self) -> dict:
        options = self.quiz.options
        return {
            "mastery": self.mastery,
            "attempts": options.attempts,
            "feedback": options.feedback,
            "shuffle": options.shuffle_answers,
            "answersShown": options.answers_shown,
            "oneAtATime": options.one_question_at_a_time,
            "cantGoBack": options.cant_go_back,
            "pools": [{"pick": e.pick} for e in self.entries if e.kind == "pool"],
            "questions": [q.key() for q in self.questions],
        }


def quiz_page(quiz: Quiz, mastery: float) -> QuizPage:
    """Lay the quiz out for its page, sizing typed answers so that any attempt fits suspend_data."""
    path = quiz.source or Path("<quiz>")
    for q in quiz.questions():
        options = max(len(q.choices), len(q.pairs), len(q.targets), len(q.order))
        if options > MAX_OPTIONS:
            raise ContentError(
                t(
                    "question {id} has {options} options; a SCORM page supports at most {limit}",
                    id=q.id,
                    options=options,
                    limit=MAX_OPTIONS,
                ),
                path,
                q.line,
            )
    limits = text_limits(quiz, path)
    entries: list[PageEntry] = []
    questions: list[PageQuestion] = []

    def add(q: Question, pool: int, points: float) -> PageQuestion:
        page_question = PageQuestion(len(questions), pool, q, points, limits.get(q.kind, 0))
        questions.append(page_question)
        return page_question

    pool_count = 0
    for item in quiz.items:
        if isinstance(item, TextBlock):
            entries.append(PageEntry("text", block=item))
        elif isinstance(item, Pool):
            drawn = tuple(add(q, pool_count, item.points_per_question) for q in item.questions)
            entries.append(PageEntry("pool", index=pool_count, pick=pick(item), questions=drawn))
            pool_count += 1
        else:
            entries.append(PageEntry("question", question=add(item, -1, item.points)))
    return QuizPage(quiz, mastery, tuple(entries), tuple(questions))


def text_limits(quiz: Quiz, path: Path) -> dict[str, int]:
    """Longest typed answer per kind such that the largest attempt's state fits SUSPEND_LIMIT."""
    kinds = {q.kind for q in quiz.questions()}
    scale = 1.0
    for _ in range(20):
        limits = {kind: max(1, math.floor(cap * scale)) for kind, cap in TEXT_CAPS.items()}
        limits["numerical"] = NUMBER_LIMIT
        size = worst_state_size(quiz, limits)
        if size <= SUSPEND_LIMIT:
            if any(limits[kind] < TEXT_FLOOR for kind in kinds & TEXT_CAPS.keys()):
                break
            return limits
        fixed = worst_state_size(
            quiz, {**{kind: 0 for kind in TEXT_CAPS}, "numerical": NUMBER_LIMIT}
        )
        typed = size - fixed
        if fixed >= SUSPEND_LIMIT or typed <= 0:
            break
        scale *= (SUSPEND_LIMIT - fixed) / typed * 0.99
    raise ContentError(
        t(
            "the quiz is too large for one SCO: an attempt's state would not fit the {limit} "
            "characters of SCORM 1.2 suspend_data (use fewer or smaller pools)",
            limit=SUSPEND_LIMIT,
        ),
        path,
        1,
    )


def worst_state_size(quiz: Quiz, limits: dict[str, int]) -> int:
    """Characters of the runtime's JSON state for the largest attempt: every question answered at
    full length with characters that JSON doubles (quotes, backslashes, line breaks)."""

    def answer(q: Question) -> int:
        if q.kind in limits:
            return 2 * limits[q.kind] + 3  # quotes and comma
        return max(1, len(q.choices), len(q.pairs), len(q.order)) + 3

    questions = 0
    size = STATE_OVERHEAD
    for item in quiz.items:
        if isinstance(item, Question):
            size += answer(item)
            questions += 1
        elif isinstance(item, Pool):
            largest = sorted((answer(q) + len(q.id) + 3 for q in item.questions), reverse=True)[
                : pick(item)
            ]
            size += sum(largest)
            questions += pick(item)
    return size + math.ceil(questions / 4)  # flags of checked questions


def pick(pool: Pool) -> int:
    """Questions drawn from a pool per attempt (never more than it holds)."""
    return min(pool.pick, len(pool.questions)) if pool.pick > 0 else len(pool.questions)


def normalise(text: str) -> str:
    """How short answers are compared (the runtime does the same): trimmed, spaces collapsed,
    lower case."""
    return " ".join(text.split()).lower()


def number(value: float) -> str:
    """A number as the learner reads it (Italian: 23.000, 29,41)."""
    return ITALIAN.number(value, decimals=6, grouped=True)


def inline(html: str) -> Markup:
    """A text shown inside a label or list item: a lone paragraph is unwrapped."""
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
