import json

import pytest

from course_model.errors import ContentError
from scormgen.quiz.gift import parse_gift
from scormgen.quiz.parser import parse_quiz
from scormgen.render.quiz_page import (
    SUSPEND_LIMIT,
    TEXT_CAPS,
    quiz_page,
    text_limits,
    worst_state_size,
)

QUIZ = """\
Quiz title: Prova
Feedback: immediate

Points: 2
1.  Capitale?
a)  Milano
*b) Roma

1.  Sigla?
*   CRM
*   Customer  Relationship Management

1.  Quanto?
=   3.5 +- 0.5

1.  Abbina.
~   Italia => Roma
~   Lazio => Roma
~   Francia => Parigi
~   => Berlino

1.  Ordina.
>   uno
>   due
>   tre

1.  Descrivi.
___

GROUP
Pick: 1
Points per question: 3
1.  Pool A?
*a) Sì
b)  No
1.  Pool B?
*a) Sì
b)  No
END_GROUP
"""


def keys(text: str = QUIZ) -> list[dict]:
    return quiz_page(parse_quiz(text), 60).config()["questions"]


def test_each_kind_carries_the_key_the_runtime_scores_with():
    single, short, numerical, matching, ordering, essay, *pooled = keys()
    assert (single["kind"], single["correct"], single["points"]) == ("single", [1], 2)
    assert single["weights"] == [0, 100]
    assert short["accept"] == ["crm", "customer relationship management"]
    assert short["weights"] == [100, 100]
    assert (numerical["ranges"], numerical["value"]) == ([[3, 4, 100]], 3.5)
    # Two prompts share a target; the distractor is a target too.
    assert (matching["match"], matching["targets"]) == ([0, 0, 1], 3)
    assert ordering["count"] == 3
    assert essay["kind"] == "essay" and "correct" not in essay
    assert [(q["pool"], q["points"]) for q in pooled] == [(0, 3), (0, 3)]
    assert single["pool"] == -1


def test_pools_and_options_reach_the_runtime():
    config = quiz_page(parse_quiz(QUIZ), 75).config()
    assert config["pools"] == [{"pick": 1}]
    assert (config["mastery"], config["feedback"], config["attempts"]) == (75, "immediate", None)
    json.dumps(config)  # plain data


def test_expected_answers_are_shown_for_kinds_not_marked_in_place():
    page = quiz_page(parse_quiz(QUIZ), 60)
    by_kind = {}
    for question in page.questions:
        by_kind.setdefault(question.kind, question)
    assert by_kind["numerical"].expected == "<p>3,5 ± 0,5</p>"
    assert "<li>Italia → Roma</li>" in by_kind["matching"].expected
    assert by_kind["ordering"].expected == "<ol><li>uno</li><li>due</li><li>tre</li></ol>"
    assert by_kind["single"].expected == ""
    assert by_kind["essay"].points_label == "valutata dal docente"
    assert by_kind["single"].points_label == "2 punti"
    assert (
        by_kind["single"].choices[1].html == "Roma"
    )  # a lone paragraph is unwrapped inside its label


def test_a_small_quiz_gets_the_full_answer_lengths():
    quiz = parse_quiz(QUIZ)
    limits = text_limits(quiz, quiz.source)
    assert {k: limits[k] for k in TEXT_CAPS} == TEXT_CAPS


def large_quiz(essays: int, pools: int = 0) -> str:
    parts = ["Quiz title: Grande\n"]
    parts += [f"1.  Spiega il punto {n}.\n___\n" for n in range(essays)]
    parts += [f"1.  Sigla {n}?\n*   CRM\n" for n in range(essays)]
    for pool in range(pools):
        parts.append(
            "GROUP\nPick: 30\n"
            + "".join(f"1.  Domanda {pool}-{n}?\n*a) Sì\nb)  No\n" for n in range(40))
            + "END_GROUP\n"
        )
    return "\n".join(parts)


def test_a_large_quiz_gets_shorter_answers_that_still_fit_suspend_data():
    quiz = parse_quiz(large_quiz(essays=6, pools=1))
    limits = text_limits(quiz, quiz.source)
    assert limits["essay"] < TEXT_CAPS["essay"]
    assert worst_state_size(quiz, limits) <= SUSPEND_LIMIT
    assert quiz_page(quiz, 60).questions[0].limit == limits["essay"]


def test_a_quiz_whose_attempt_cannot_fit_is_refused():
    with pytest.raises(ContentError, match="suspend_data"):
        quiz_page(parse_quiz(large_quiz(essays=1, pools=10)), 60)


def test_too_many_options_for_one_question_are_refused():
    text = "Quiz title: Q\n\n1.  Tante?\n" + "".join(f"~   s{n} => t{n}\n" for n in range(40))
    with pytest.raises(ContentError, match="at most 35"):
        quiz_page(parse_quiz(text), 60)


def test_partial_credit_reaches_the_runtime_as_the_models_weights():
    quiz = parse_gift(
        "Quali? {~%30%a ~%70%b ~c}\n\n"
        "Chi? {=Nazareth =%75%Nazereth}\n\n"
        "Quando? {#=1822:0 =%50%1822:2}\n"
    )
    multiple, short, number = quiz_page(quiz, 60).config()["questions"]
    assert multiple["weights"] == [30, 70, 0]
    # Only full-marks answers are reported as correct responses; every answer scores its weight.
    assert (short["answers"], short["accept"], short["weights"]) == (
        ["Nazareth"],
        ["nazareth", "nazereth"],
        [100, 75],
    )
    assert number["ranges"] == [[1822, 1822, 100], [1820, 1824, 50]]


def test_numbers_and_units_as_the_learner_reads_them():
    quiz = parse_quiz("Unit: %\n1.  Quota?\n=   95\n\n1.  Abitanti?\n=   23000 +- 500.5\n")
    percent, people = quiz_page(quiz, 60).questions
    assert (percent.key()["unit"], people.key()["unit"]) == ("%", "")
    assert percent.expected == "<p>95 %</p>"
    assert people.expected == "<p>23.000 ± 500,5</p>"
