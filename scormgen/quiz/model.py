"""The quiz model: what one quiz file means, independent of the format it was read from.

Every reader (the text format, GIFT) produces these objects and every writer (QTI 2.1,
Moodle XML, the SCORM quiz page) consumes them. They are frozen plain data: texts are kept
both as their Markdown source and as sanitised HTML, rendered once when the file is read.

Identifiers are derived from content, never from position, so that a question keeps its
identity (and the learner records attached to it in an LMS) when others are added, moved
or removed.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

QuestionKind = Literal[
    "single", "multiple", "short", "numerical", "essay", "upload", "matching", "ordering"
]
FeedbackTiming = Literal["immediate", "on-submit", "never"]
AnswersShown = Literal["after-each-attempt", "after-last-attempt", "never"]

QUESTION_KINDS: tuple[QuestionKind, ...] = (
    "single",
    "multiple",
    "short",
    "numerical",
    "essay",
    "upload",
    "matching",
    "ordering",
)
FEEDBACK_TIMINGS: tuple[FeedbackTiming, ...] = ("immediate", "on-submit", "never")
ANSWERS_SHOWN: tuple[AnswersShown, ...] = ("after-each-attempt", "after-last-attempt", "never")
# Kinds a person has to grade: they score nothing automatically.
MANUALLY_GRADED: frozenset[str] = frozenset({"essay", "upload"})
# The two options of a true/false question, in English (text2qti) or in Italian.
TRUE_FALSE_WORDS = (frozenset({"true", "false"}), frozenset({"vero", "falso"}))
TRUE_WORDS = frozenset({"true", "vero"})

_TAG = re.compile(r"<[^>]*>")
FULL_MARKS = 100.0  # weights are percentages of the question's points
WEIGHT_DECIMALS = 5  # as Moodle writes its grades (33.33333)


def content_id(prefix: str, text: str) -> str:
    """`prefix-` + 8 hex digits of a hash of `text`, whitespace runs collapsed and case folded."""
    normalised = " ".join(text.split()).casefold()
    return f"{prefix}-{hashlib.sha256(normalised.encode('utf-8')).hexdigest()[:8]}"


def unique(identifier: str, taken: set[str]) -> str:
    """`identifier`, or it with -2, -3 … appended if already in `taken`; recorded in `taken`."""
    candidate, suffix = identifier, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{identifier}-{suffix}"
    taken.add(candidate)
    return candidate


def format_number(value: float) -> str:
    """A number as written in XML files: 2, 0.5, 7.2 (at most 12 significant digits)."""
    return f"{value:.12g}"


def html_to_plain(fragment: str) -> str:
    """The text of an HTML fragment on one line (for titles and labels)."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


@dataclass(frozen=True, slots=True)
class Option:
    """A piece of answer text with its identifier: a matching prompt or target, an ordering item."""

    id: str
    text: str
    html: str


def shares(total: float, parts: int) -> tuple[float, ...]:
    """`total` split into `parts` equal shares of five decimals that add up to exactly `total`:
    the last share takes what rounding leaves (100 in three: 33.33333, 33.33333, 33.33334)."""
    if parts == 0:
        return ()
    unit = 10**WEIGHT_DECIMALS
    whole = round(total * unit)
    each = round(whole / parts)
    return (each / unit,) * (parts - 1) + ((whole - each * (parts - 1)) / unit,)


def default_weights(kind: QuestionKind, correct: Sequence[bool]) -> tuple[float, ...]:
    """The weight of each option of a choice question whose options carry none (the text format):
    a single choice gives full marks for its right option; a multiple-answer question gives 1/k of
    the points for each of its k right options and takes 1/(n-k) for each of its n-k wrong ones,
    the rule Moodle applies to multiple answers."""
    right = sum(correct)
    if kind == "single":
        return tuple(FULL_MARKS if c else 0.0 for c in correct)
    gains = iter(shares(FULL_MARKS, right))
    losses = iter(shares(-FULL_MARKS, len(correct) - right))
    return tuple(next(gains) if c else next(losses) for c in correct)


@dataclass(frozen=True, slots=True)
class Choice:
    """An option of a single- or multiple-choice question. `id` is "a", "b", … in written order.

    `weight`: the percentage of the question's points the option is worth (negative: what choosing
    it takes away). A single choice scores the weight of the option chosen; a multiple-answer
    question the sum of the weights of the options chosen, never below 0 nor above 100.
    `correct`: a right option (the one full-marks option of a single choice; an option worth
    points of a multiple-answer question), marked as such when answers are shown.
    """

    id: str
    text: str
    html: str
    correct: bool
    weight: float
    feedback_html: str = ""


@dataclass(frozen=True, slots=True)
class Answer:
    """An accepted short answer and the percentage of the points it scores (below 100: partly
    right)."""

    text: str
    weight: float = FULL_MARKS


@dataclass(frozen=True, slots=True)
class MatchPair:
    """A matching prompt (left) and the target it belongs with (right).

    Equal targets share one Option, so two prompts may point to the same target.
    """

    left: Option
    right: Option


@dataclass(frozen=True, slots=True)
class NumericAnswer:
    """The accepted values of a numerical question.

    kind "exact": `value` ± `tolerance` (absolute); "percent": `value` ± `tolerance` % of |value|;
    "range": any value in [`low`, `high`].
    """

    kind: Literal["exact", "percent", "range"]
    value: float | None = None
    tolerance: float = 0.0
    low: float | None = None
    high: float | None = None
    weight: float = FULL_MARKS  # percentage of the points a number it accepts scores

    @property
    def min(self) -> float:
        if self.kind == "range":
            assert self.low is not None
            return self.low
        assert self.value is not None
        return self.value - self.absolute_tolerance

    @property
    def max(self) -> float:
        if self.kind == "range":
            assert self.high is not None
            return self.high
        assert self.value is not None
        return self.value + self.absolute_tolerance

    @property
    def absolute_tolerance(self) -> float:
        """Half the width of the accepted interval."""
        if self.kind == "range":
            return (self.max - self.min) / 2
        assert self.value is not None
        return abs(self.value) * self.tolerance / 100 if self.kind == "percent" else self.tolerance

    @property
    def midpoint(self) -> float:
        """The value a learner would be shown as the answer."""
        return self.value if self.value is not None else (self.min + self.max) / 2

    def accepts(self, number: float) -> bool:
        return self.min <= number <= self.max


@dataclass(frozen=True, slots=True)
class Feedback:
    """Question-level feedback, as HTML; empty strings where none was written."""

    general: str = ""
    correct: str = ""
    incorrect: str = ""
    solution: str = ""


@dataclass(frozen=True, slots=True)
class Question:
    """One question. Which answer fields are filled depends on `kind`:

    single / multiple: `choices`; short: `answers` (accepted texts, compared ignoring case);
    numerical: `numbers`; matching: `pairs` and `distractors` (extra targets);
    ordering: `order` (the items in their correct order); essay / upload: none.
    `answers` and `numbers` are sorted by weight, full marks first: a response scores the weight
    of the first one that accepts it, as in Moodle, which is therefore the highest.
    """

    id: str
    kind: QuestionKind
    text: str
    html: str
    line: int
    title: str = ""
    points: float = 1.0
    choices: tuple[Choice, ...] = ()
    answers: tuple[Answer, ...] = ()
    numbers: tuple[NumericAnswer, ...] = ()
    pairs: tuple[MatchPair, ...] = ()
    distractors: tuple[Option, ...] = ()
    order: tuple[Option, ...] = ()
    feedback: Feedback = Feedback()
    covers: tuple[str, ...] = ()
    unit: str = ""  # numerical only: the unit the answer is given in ("%", "minuti", "€")

    @property
    def numeric(self) -> NumericAnswer | None:
        """The full-marks number of a numerical question."""
        return self.numbers[0] if self.numbers else None

    @property
    def right_answers(self) -> tuple[str, ...]:
        """The short answers worth full marks."""
        return tuple(a.text for a in self.answers if a.weight >= FULL_MARKS)

    @property
    def is_true_false(self) -> bool:
        """A single choice between exactly "true" and "false", or "vero" and "falso" (any case)."""
        return (
            self.kind == "single"
            and len(self.choices) == 2
            and {c.text.strip().casefold() for c in self.choices} in TRUE_FALSE_WORDS
        )

    @property
    def auto_scored(self) -> bool:
        return self.kind not in MANUALLY_GRADED

    @property
    def correct_choices(self) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if c.correct)

    @property
    def targets(self) -> tuple[Option, ...]:
        """The distinct matching targets, those of the pairs first, then the distractors."""
        seen: dict[str, Option] = {}
        for option in (*(p.right for p in self.pairs), *self.distractors):
            seen.setdefault(option.id, option)
        return tuple(seen.values())

    @property
    def display_title(self) -> str:
        """The written title, else the start of the question text."""
        if self.title:
            return self.title
        plain = html_to_plain(self.html) or self.id
        return plain if len(plain) <= 60 else plain[:59].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Pool:
    """A group of questions of which `pick` are drawn at random for each attempt.

    Each drawn question is worth `points_per_question`.
    """

    id: str
    pick: int
    points_per_question: float
    questions: tuple[Question, ...]
    line: int
    title: str = ""

    @property
    def points(self) -> float:
        return self.pick * self.points_per_question


@dataclass(frozen=True, slots=True)
class TextBlock:
    """Text shown between questions, not scored."""

    title: str
    text: str
    html: str
    line: int


Item = Question | Pool | TextBlock


@dataclass(frozen=True, slots=True)
class QuizOptions:
    """How the quiz is delivered. `mastery_pct` is the pass mark in % of the points (None: no
    pass mark), `attempts` the number of attempts allowed (None: unlimited), `feedback` when
    feedback is shown, `show_answers` when the right answers are shown (None: the default, see
    `answers_shown`)."""

    shuffle_answers: bool = False
    show_correct_answers: bool = True
    one_question_at_a_time: bool = False
    cant_go_back: bool = False
    feedback_is_solution: bool = False
    mastery_pct: float | None = None
    attempts: int | None = None
    feedback: FeedbackTiming = "on-submit"
    show_answers: AnswersShown | None = None

    @property
    def answers_shown(self) -> AnswersShown:
        """When the right answers are shown: as written, else never if text2qti's `Show correct
        answers: false` says so, else after the last attempt for a graded quiz (showing them after
        each attempt would give them away for the next) and after each attempt otherwise."""
        if self.show_answers is not None:
            return self.show_answers
        if not self.show_correct_answers:
            return "never"
        return "after-last-attempt" if self.mastery_pct is not None else "after-each-attempt"


@dataclass(frozen=True, slots=True)
class Quiz:
    title: str
    description: str
    description_html: str
    options: QuizOptions
    items: tuple[Item, ...]
    source: Path | None = None

    def questions(self) -> Iterator[Question]:
        """Every question, pooled ones included, in written order."""
        yield from iter_questions(self.items)

    @property
    def total_points(self) -> float:
        """The points one attempt is scored out of: a pool counts pick × points per question."""
        return sum(item.points for item in self.items if isinstance(item, (Question, Pool)))

    @property
    def covers(self) -> tuple[str, ...]:
        """The union of the questions' `covers` ids, in order of first appearance."""
        return tuple(dict.fromkeys(c for q in self.questions() for c in q.covers))


def iter_questions(items: Iterable[Item]) -> Iterator[Question]:
    for item in items:
        if isinstance(item, Question):
            yield item
        elif isinstance(item, Pool):
            yield from item.questions


def letter_id(index: int) -> str:
    """Choice identifiers: a … z, then c27, c28, …"""
    return chr(ord("a") + index) if index < 26 else f"c{index + 1}"
