"""text2qti files mean the same through our reader as through text2qti 0.8 itself.

Each example in text2qti_examples/ is parsed by text2qti (the reference, from PyPI) and by
us; question count, kinds, correct answers and points must agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scormgen.quiz.model import Pool, Question
from scormgen.quiz.parser import parse_quiz_file

text2qti_quiz = pytest.importorskip(
    "text2qti.quiz", reason="text2qti is the reference (pip install text2qti==0.8.0)"
)
text2qti_config = pytest.importorskip("text2qti.config")

EXAMPLES = sorted((Path(__file__).parent / "text2qti_examples").glob("*.md"))
KINDS = {
    "multiple_choice_question": "single",
    "true_false_question": "single",
    "multiple_answers_question": "multiple",
    "short_answer_question": "short",
    "numerical_question": "numerical",
    "essay_question": "essay",
    "file_upload_question": "upload",
}


def reference(path: Path):
    return text2qti_quiz.Quiz(
        path.read_text(encoding="utf-8"), config=text2qti_config.Config(), source_name=path.name
    )


def attempt_points(quiz) -> float:
    """Points of one attempt per text2qti's structure: loose questions plus pick × points of each
    group.

    (text2qti's own `points_possible` also adds the points of every question inside a group.)
    """
    groups = [
        item.group for item in quiz.questions_and_delims if type(item).__name__ == "GroupStart"
    ]
    pooled = {id(q) for g in groups for q in g.questions}
    loose = [q for q in reference_questions(quiz) if id(q) not in pooled]
    return sum(q.points_possible for q in loose) + sum(
        g.pick * g.points_per_question for g in groups
    )


def reference_questions(quiz) -> list:
    return [item for item in quiz.questions_and_delims if type(item).__name__ == "Question"]


def test_there_are_examples_of_every_text2qti_feature():
    text = "\n".join(p.read_text(encoding="utf-8") for p in EXAMPLES)
    for marker in (
        "GROUP",
        "Text title:",
        "COMMENT",
        "\n% ",
        "\n!   ",
        "\n... ",
        "\n+   ",
        "\n-   ",
        "\n___",
        "\n^^^",
        "\n=   [",
        "+- 1%",
        "\n[*] ",
        "\n*   ",
        "Feedback is solution:",
        "Can't go back:",
        "```python",
        "Points: 0.5",
    ):
        assert marker in text, marker
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_same_questions_kinds_answers_and_points(path: Path):
    theirs = reference(path)
    ours = parse_quiz_file(path)
    their_questions = reference_questions(theirs)
    our_questions = list(ours.questions())
    assert len(our_questions) == len(their_questions)
    assert ours.total_points == pytest.approx(attempt_points(theirs))
    assert ours.title == theirs.title_raw
    for mine, their in zip(our_questions, their_questions, strict=True):
        assert mine.kind == KINDS[their.type], mine.text
        assert mine.is_true_false == (their.type == "true_false_question")
        assert mine.text == their.question_raw
        if mine.kind in ("single", "multiple"):
            assert [(c.text, c.correct) for c in mine.choices] == [
                (c.choice_raw, c.correct) for c in their.choices
            ]
        if mine.kind == "short":
            assert [a.text for a in mine.answers] == [c.choice_raw for c in their.choices]
        if mine.kind == "numerical":
            assert mine.numeric.min == pytest.approx(their.numerical_min)
            assert mine.numeric.max == pytest.approx(their.numerical_max)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_same_points_for_questions_and_pools(path: Path):
    theirs = reference(path)
    ours = parse_quiz_file(path)
    their_groups = [
        item.group for item in theirs.questions_and_delims if type(item).__name__ == "GroupStart"
    ]
    our_pools = [item for item in ours.items if isinstance(item, Pool)]
    assert [(p.pick, p.points_per_question, len(p.questions)) for p in our_pools] == [
        (g.pick, g.points_per_question, len(g.questions)) for g in their_groups
    ]
    pooled = {id(q) for g in their_groups for q in g.questions}
    their_loose = [q for q in reference_questions(theirs) if id(q) not in pooled]
    our_loose = [item for item in ours.items if isinstance(item, Question)]
    assert [q.points for q in our_loose] == [q.points_possible for q in their_loose]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_same_feedback_texts(path: Path):
    theirs = reference(path)
    ours = parse_quiz_file(path)
    for mine, their in zip(ours.questions(), reference_questions(theirs), strict=True):
        assert bool(mine.feedback.general) == (their.feedback_raw is not None)
        assert bool(mine.feedback.correct) == (their.correct_feedback_raw is not None)
        assert bool(mine.feedback.incorrect) == (their.incorrect_feedback_raw is not None)
        assert bool(mine.feedback.solution) == (their.solution is not None)
        if mine.kind in ("single", "multiple"):
            assert [bool(c.feedback_html) for c in mine.choices] == [
                c.feedback_raw is not None for c in their.choices
            ]
