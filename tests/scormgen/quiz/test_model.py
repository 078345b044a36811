from __future__ import annotations

import pytest

from scormgen.quiz.model import (
    Choice,
    NumericAnswer,
    Pool,
    Question,
    Quiz,
    QuizOptions,
    content_id,
    html_to_plain,
    letter_id,
    unique,
)


def question(
    text: str = "Domanda?", points: float = 1, covers: tuple[str, ...] = (), **fields
) -> Question:
    return Question(
        id=content_id("q", text),
        kind=fields.pop("kind", "essay"),
        text=text,
        html=f"<p>{text}</p>",
        line=1,
        points=points,
        covers=covers,
        **fields,
    )


def test_total_points_count_pick_times_points_per_question_for_pools():
    pool = Pool(
        id="pool-1",
        pick=2,
        points_per_question=3,
        line=5,
        questions=(question("a", 3), question("b", 3), question("c", 3)),
    )
    quiz = Quiz(
        title="Q",
        description="",
        description_html="",
        options=QuizOptions(),
        items=(question("x", 2, ("A1",)), pool, question("y", 1.5, ("K1", "A1"))),
    )
    assert quiz.total_points == 2 + 6 + 1.5
    assert [q.text for q in quiz.questions()] == ["x", "a", "b", "c", "y"]
    assert quiz.covers == ("A1", "K1")


@pytest.mark.parametrize(
    "answer, low, high, tolerance",
    [
        (NumericAnswer("exact", value=5), 5, 5, 0),
        (NumericAnswer("exact", value=1.5, tolerance=0.25), 1.25, 1.75, 0.25),
        (NumericAnswer("percent", value=-200, tolerance=10), -220, -180, 20),
        (NumericAnswer("range", low=1, high=2), 1, 2, 0.5),
    ],
)
def test_numeric_answers_expose_their_interval(answer, low, high, tolerance):
    assert (answer.min, answer.max, answer.absolute_tolerance) == (
        pytest.approx(low),
        pytest.approx(high),
        pytest.approx(tolerance),
    )
    assert answer.accepts((low + high) / 2) and not answer.accepts(high + 1)
    assert answer.midpoint == pytest.approx((low + high) / 2)


def test_true_false_and_titles():
    italian = (
        Choice("a", "Vero", "<p>Vero</p>", True, 100),
        Choice("b", "Falso", "<p>Falso</p>", False, 0),
    )
    assert question(kind="single", choices=italian).is_true_false
    mixed = (Choice("a", "Vero", "", True, 100), Choice("b", "false", "", False, 0))
    assert not question(kind="single", choices=mixed).is_true_false
    english = (Choice("a", "TRUE", "", True, 100), Choice("b", "false", "", False, 0))
    assert question(kind="single", choices=english).is_true_false
    long_text = "parola " * 20
    assert (
        question(long_text).display_title.endswith("…")
        and len(question(long_text).display_title) == 60
    )
    assert question("Breve & chiara").display_title == "Breve & chiara"


def test_identifier_helpers():
    assert content_id("q", "Una  Domanda") == content_id("q", "una domanda\n")
    taken: set[str] = set()
    assert [unique("q-1", taken) for _ in range(3)] == ["q-1", "q-1-2", "q-1-3"]
    assert [letter_id(i) for i in (0, 25, 26)] == ["a", "z", "c27"]
    assert html_to_plain("<p>A &amp; <b>B</b></p>\n<p>C</p>") == "A & B C"
