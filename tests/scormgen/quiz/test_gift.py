from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_model.errors import QuizError, QuizErrors
from scormgen.quiz.gift import parse_gift, parse_gift_file
from scormgen.quiz.model import TextBlock

GIFT = r"""
// Un commento
$CATEGORY: $course$/top/UF1 Assistenza

::Tomba::Chi è sepolto nella tomba di Grant?{~Grant ~Jefferson
=nessuno#Esatto! ####Storia americana.}

Grant è {~sepolto =tumulato ~vivo} nella sua tomba.

::VF::Il sole sorge a est.{T#Sbagliato, sorge a est.#Giusto.}

Due più due fa {=quattro =4 =%50%quattro circa}

Quanto fa 2+2?{#4:0.5#Bene.}

Un valore fra 1 e 5 {#1..5}

Abbina {=gatto -> mammifero =cane -> mammifero =aquila -> uccello = -> pesce}

Quali sono primi? {~%50%2 ~%50%3 ~%-100%4}

Scrivi un tema sulle \{graffe\} e i due punti\: {}

[html]<p>Una domanda in <b>HTML</b></p>{=sì ~no}

[plain]Testo *semplice* <non html>{=sì ~no}

Solo una descrizione, senza risposte.
"""


@pytest.fixture(scope="module")
def quiz():
    return parse_gift(GIFT, "uf1.gift")


def test_question_kinds_and_title_from_the_category(quiz):
    assert quiz.title == "UF1 Assistenza"
    kinds = [getattr(item, "kind", "text") for item in quiz.items]
    assert kinds == [
        "single",
        "single",
        "single",
        "short",
        "numerical",
        "numerical",
        "matching",
        "multiple",
        "essay",
        "single",
        "single",
        "text",
    ]
    assert isinstance(quiz.items[-1], TextBlock)


def test_multiple_choice_with_feedback(quiz):
    first = quiz.items[0]
    assert (first.title, first.line) == ("Tomba", 5)
    assert [(c.text, c.correct) for c in first.choices] == [
        ("Grant", False),
        ("Jefferson", False),
        ("nessuno", True),
    ]
    assert first.choices[2].feedback_html == "<p>Esatto!</p>"
    assert first.feedback.general == "<p>Storia americana.</p>"


def test_missing_word_true_false_and_short_answer(quiz):
    assert quiz.items[1].text == "Grant è _____ nella sua tomba."
    true_false = quiz.items[2]
    assert true_false.is_true_false and [c.correct for c in true_false.choices] == [True, False]
    assert [c.feedback_html for c in true_false.choices] == [
        "<p>Giusto.</p>",
        "<p>Sbagliato, sorge a est.</p>",
    ]
    # A partly right answer keeps its weight.
    assert [(a.text, a.weight) for a in quiz.items[3].answers] == [
        ("quattro", 100),
        ("4", 100),
        ("quattro circa", 50),
    ]


def test_numerical_matching_and_weights(quiz):
    exact, interval = quiz.items[4], quiz.items[5]
    assert (exact.numeric.min, exact.numeric.max, exact.feedback.correct) == (
        3.5,
        4.5,
        "<p>Bene.</p>",
    )
    assert (interval.numeric.min, interval.numeric.max) == (1, 5)
    matching = quiz.items[6]
    assert [(p.left.text, p.right.text) for p in matching.pairs] == [
        ("gatto", "mammifero"),
        ("cane", "mammifero"),
        ("aquila", "uccello"),
    ]
    assert [d.text for d in matching.distractors] == ["pesce"]
    assert [(c.correct, c.weight) for c in quiz.items[7].choices] == [
        (True, 50),
        (True, 50),
        (False, -100),
    ]


def test_weights_make_partly_right_choices_answers_and_numbers():
    single, multiple, short, number = parse_gift(
        "Dove? {~Gerusalemme ~%25%Betlemme ~%50%Galilea =Nazaret}\n\n"
        "Quali? {~%30%a ~%70%b ~%-50%c ~d}\n\n"
        "Chi? {=%75%Nazereth =Nazareth =%0%Roma#No}\n\n"
        "Quando? {#=%50%1822:2 =1822:0#Esatto ~#Rileggi}\n"
    ).items
    assert [(c.correct, c.weight) for c in single.choices] == [
        (False, 0),
        (False, 25),
        (False, 50),
        (True, 100),
    ]
    assert [c.weight for c in multiple.choices] == [30, 70, -50, 0]
    assert [c.correct for c in multiple.choices] == [True, True, False, False]
    # Full marks first; an answer worth nothing only carried feedback and is left out.
    assert [(a.text, a.weight) for a in short.answers] == [("Nazareth", 100), ("Nazereth", 75)]
    assert short.right_answers == ("Nazareth",)
    assert [(n.min, n.max, n.weight) for n in number.numbers] == [
        (1822, 1822, 100),
        (1820, 1824, 50),
    ]
    assert number.numeric.weight == 100
    assert (number.feedback.correct, number.feedback.incorrect) == (
        "<p>Esatto</p>",
        "<p>Rileggi</p>",
    )


def test_format_tags_in_front_of_matching_items_are_dropped():
    (question,) = parse_gift(
        "Abbina {=[html]<b>gatto</b> -> [plain]mammifero =[markdown]cane -> mammifero}\n"
    ).items
    assert [(p.left.html, p.right.text) for p in question.pairs] == [
        ("<b>gatto</b>", "mammifero"),
        ("cane", "mammifero"),
    ]


def test_escapes_and_formats(quiz):
    assert quiz.items[8].text == "Scrivi un tema sulle {graffe} e i due punti:"
    assert quiz.items[9].html == "<p>Una domanda in <b>HTML</b></p>"
    assert quiz.items[10].html == "<p>Testo *semplice* &lt;non html&gt;</p>"


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("\n\nDomanda {=a ~b\n", 3, "unbalanced braces"),
        ("Domanda {#tanti}\n", 1, "expected a number"),
        ("Domanda {=a -> b =c}\n", 1, "matching pairs"),
        ("::Titolo senza fine\n", 1, "closing the question title"),
        ("Domanda {=a =b ~c}\n", 1, "more than one correct"),
        ("{=a ~b}\n", 1, "question text"),
        ("// solo commenti\n", 1, "no questions"),
        ("\nChi? {=%50%quasi =%25%forse}\n", 2, "accepted answer worth 100%"),
        ("Quanto? {#=%50%3:1}\n", 1, "numerical answer worth 100%"),
        ("Quali? {~%150%a ~b}\n", 1, "from -100 to 100, not 150"),
        # the Markdown renderer's errors (here, too many brackets) go on the question's line
        ("Prima {=a ~b}\n\n\n[markdown]Seconda\n" + "[" * 40 + "\n{=a ~b}\n", 4, "brackets"),
    ],
)
def test_errors_name_the_line(text, line, message):
    with pytest.raises(QuizError, match=message) as caught:
        parse_gift(text, "bad.gift")
    assert caught.value.line == line


def test_every_question_with_an_error_is_reported():
    text = "Prima {=a ~b\n\nSeconda {=sì ~no}\n\nTerza {#tanti}\n"
    with pytest.raises(QuizErrors) as caught:
        parse_gift(text, "bad.gift")
    assert [(e.line, e.message.split(":")[0]) for e in caught.value.errors] == [
        (1, "unbalanced braces"),
        (5, "expected a number like 5, 5"),
    ]


def test_reading_a_file(tmp_path):
    path = tmp_path / "uf1.gift"
    path.write_text("Vero?{T}\n", encoding="utf-8")
    assert next(parse_gift_file(path).questions()).is_true_false


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "Domanda",
                "{",
                "}",
                "=",
                "~",
                "#",
                "->",
                "::T::",
                "%50%",
                "\\{",
                "\n\n",
                "\n",
                "T",
                "1..2",
                ":",
                "####",
                "$CATEGORY: a/b",
                "[html]",
                "<b>",
                " ",
            ]
        ),
        max_size=30,
    )
)
def test_any_gift_gives_a_quiz_or_a_located_error(parts):
    text = "".join(parts)
    try:
        parse_gift(text, "fuzz.gift")
    except QuizError as error:
        for each in error.errors if isinstance(error, QuizErrors) else (error,):
            assert each.line is not None and 1 <= each.line <= text.count("\n") + 1


@pytest.mark.parametrize(
    "text, line",
    [
        ("::Q1:: Quanto fa 2+2? {#4}\n::Q2:: Vero? {T}\n", 2),
        ("Quanto fa 2+2? {#4}\nVero? {T}\n", 2),
        ("\n::Q1:: Quale?\n{=a ~b}\n  ::Q2:: Vero?\n{T}\n", 4),
        ("[html]Quale? {=a ~b} e poi\nVero? {T}\n", 2),
    ],
)
def test_questions_without_a_blank_line_between_them_are_an_error_of_the_second(text, line):
    with pytest.raises(QuizError, match="separate questions with a blank line") as caught:
        parse_gift(text, "bad.gift")
    assert caught.value.line == line


def test_text_after_the_answers_and_escaped_braces_are_still_one_question():
    quiz = parse_gift(
        "::Q1:: Il \\{valore\\} {=cinque ~sei} del campo\ne testo :: \\{ \\}\n\nVero? {T}\n"
    )
    first, second = quiz.questions()
    assert first.title == "Q1" and "{valore}" in first.text and "testo :: { }" in first.text
    assert second.is_true_false
