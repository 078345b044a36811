"""A question while it is being read, and its checks on becoming a model Question.

Both readers (the text format and GIFT) collect a QuestionDraft of source texts; `build`
validates it, renders its texts with the reader's renderers and assigns identifiers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from course_model.errors import QuizError
from course_model.i18n import t
from scormgen.quiz.model import (
    FULL_MARKS,
    MANUALLY_GRADED,
    Answer,
    Choice,
    Feedback,
    MatchPair,
    NumericAnswer,
    Option,
    Question,
    QuestionKind,
    content_id,
    default_weights,
    letter_id,
    unique,
)


def kind_name(kind: QuestionKind) -> str:
    """A kind of question in words, as it qualifies "question" or "answer"."""
    return {
        "single": t("single-choice"),
        "multiple": t("multiple-answer"),
        "short": t("short-answer"),
        "numerical": t("numerical"),
        "essay": t("essay"),
        "upload": t("file-upload"),
        "matching": t("matching"),
        "ordering": t("ordering"),
    }[kind]


@dataclass
class QuestionDraft:
    """Source texts of a question; `kind` is set by its first answer."""

    text: str
    line: int
    title: str = ""
    points: float = 1.0
    covers: tuple[str, ...] = ()
    unit: str = ""
    kind: QuestionKind | None = None
    kind_line: int = 0
    choices: list[tuple[str, bool, int]] = field(default_factory=list)  # (text, correct, line)
    choice_feedback: dict[int, str] = field(default_factory=dict)  # by index in `choices`
    # Written weights by index in `choices` (GIFT); without any, the model's default rule.
    choice_weights: dict[int, float] = field(default_factory=dict)
    answers: list[Answer] = field(default_factory=list)
    numbers: list[NumericAnswer] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    distractors: list[str] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    feedback: dict[str, str] = field(default_factory=dict)  # general, correct, incorrect, solution


def build(
    draft: QuestionDraft,
    path: Path,
    ids: set[str],
    render: Callable[[str], str],
    render_inline: Callable[[str], str],
    no_answers: Callable[[], str],
) -> Question:
    """The finished Question; `ids` holds the identifiers already given in the file.

    `no_answers()` says, in the reader's syntax, what answers were expected.
    """
    kind = draft.kind
    if kind is None:
        raise QuizError(
            t("this question has no answers: expected {answers}", answers=no_answers()),
            path,
            draft.line,
        )
    problem = _problem(draft, kind)
    if problem:
        raise QuizError(problem, path, draft.line)
    weights = (
        [draft.choice_weights.get(i, 0.0) for i in range(len(draft.choices))]
        if draft.choice_weights
        else default_weights(kind, [correct for _, correct, _ in draft.choices])
    )
    choices = tuple(
        Choice(
            id=letter_id(i),
            text=text,
            html=render(text),
            correct=correct,
            weight=weight,
            feedback_html=render(draft.choice_feedback.get(i, "")),
        )
        for i, ((text, correct, _), weight) in enumerate(zip(draft.choices, weights, strict=True))
    )
    targets: dict[str, Option] = {}
    for right in [r for _, r in draft.pairs] + draft.distractors:
        if right not in targets:
            targets[right] = Option(f"t{len(targets) + 1}", right, render_inline(right))
    return Question(
        id=unique(content_id("q", draft.text), ids),
        kind=kind,
        text=draft.text,
        html=render(draft.text),
        line=draft.line,
        title=draft.title,
        points=draft.points,
        choices=choices,
        answers=tuple(sorted(draft.answers, key=lambda a: -a.weight)),
        numbers=tuple(sorted(draft.numbers, key=lambda n: -n.weight)),
        pairs=tuple(
            MatchPair(Option(f"s{i + 1}", left, render_inline(left)), targets[right])
            for i, (left, right) in enumerate(draft.pairs)
        ),
        distractors=tuple(targets[d] for d in draft.distractors),
        order=tuple(
            Option(f"o{i + 1}", item, render_inline(item)) for i, item in enumerate(draft.order)
        ),
        feedback=Feedback(**{key: render(value) for key, value in draft.feedback.items()}),
        covers=draft.covers,
        unit=draft.unit,
    )


def _problem(draft: QuestionDraft, kind: QuestionKind) -> str:
    """What keeps the draft from being a question of its kind, or ""."""
    correct = sum(1 for _, is_correct, _ in draft.choices if is_correct)
    name = kind_name(kind)
    if kind in MANUALLY_GRADED and draft.feedback.keys() & {"correct", "incorrect"}:
        return t(
            "this {kind} question is graded by a person: it has no correct/incorrect feedback",
            kind=name,
        )
    if kind in ("single", "multiple") and len(draft.choices) < 2:
        return t("this {kind} question needs at least two choices", kind=name)
    if kind in ("single", "multiple") and correct == 0:
        return t("this {kind} question needs a correct choice", kind=name)
    if kind == "single" and correct > 1:
        return t(
            "this {kind} question has more than one correct choice: mark one, or make it a "
            "multiple-answer question",
            kind=name,
        )
    if draft.unit and kind != "numerical":
        return t(
            "this {kind} question has a Unit:, which only a numerical question (=) can have",
            kind=name,
        )
    if kind == "short" and not draft.answers:
        return t("this {kind} question needs an accepted answer", kind=name)
    if kind == "short" and all(a.weight < FULL_MARKS for a in draft.answers):
        return t("this {kind} question needs an accepted answer worth 100%", kind=name)
    if kind == "matching" and len(draft.pairs) < 2:
        return t("this {kind} question needs at least two matching pairs", kind=name)
    if kind == "ordering" and len(draft.order) < 2:
        return t("this {kind} question needs at least two items to order", kind=name)
    return ""
