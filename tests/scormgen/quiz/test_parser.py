from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_model.errors import QuizError, QuizErrors
from scormgen.quiz.model import Pool, Question, TextBlock
from scormgen.quiz.parser import parse_number_answer, parse_quiz, parse_quiz_file


def parse(text: str):
    return parse_quiz(textwrap.dedent(text), "quiz.md")


EVERY_KIND = """\
    Quiz title: Verifica UF1
    Quiz description: Leggere con attenzione.
    Shuffle answers: true
    Mastery: 60%
    Attempts: 2
    Feedback: immediate

    Title: Definizione
    Points: 2
    Covers: A1, K3
    1.  Che cosa significa **CRM**?
    ... Generale
    +   Giusto
    -   Sbagliato
    !   La soluzione
    *a) Customer Relationship Management
    ... Esatto
    b)  Altro

    2.  Quali canali?
    [*] Telefono
    [ ] Magazzino
    [*] Chat

    3.  La sigla?
    *   CRM
    *   C.R.M.

    4.  Quanto?
    =   4 +- 0.5

    5.  Descrivi.
    ___

    6.  Carica.
    ^^^

    Covers: K1
    7.  Abbina.
    ~   cane => mammifero
    ~   gatto => mammifero
    ~   aquila => uccello
    ~   => pesce

    8.  Ordina.
    >   primo
    >   secondo
    >   terzo

    Text title: Seconda parte
    Text: Ora un gruppo.

    GROUP
    Pick: 1
    Points per question: 3
    9.  Prima del gruppo?
    *a) Sì
    b)  No
    10. Seconda del gruppo?
    *a) Sì
    b)  No
    END_GROUP
"""


def test_every_kind_of_question_and_the_quiz_options():
    quiz = parse(EVERY_KIND)
    assert quiz.title == "Verifica UF1"
    assert quiz.description_html == "<p>Leggere con attenzione.</p>"
    options = quiz.options
    assert (options.shuffle_answers, options.mastery_pct, options.attempts, options.feedback) == (
        True,
        60,
        2,
        "immediate",
    )
    kinds = [q.kind for q in quiz.questions()]
    assert kinds == [
        "single",
        "multiple",
        "short",
        "numerical",
        "essay",
        "upload",
        "matching",
        "ordering",
        "single",
        "single",
    ]
    first = next(quiz.questions())
    assert (first.title, first.points, first.covers, first.line) == (
        "Definizione",
        2,
        ("A1", "K3"),
        11,
    )
    assert first.html == "<p>Che cosa significa <strong>CRM</strong>?</p>"
    assert [(c.id, c.correct, c.feedback_html) for c in first.choices] == [
        ("a", True, "<p>Esatto</p>"),
        ("b", False, ""),
    ]
    assert (
        first.feedback.general == "<p>Generale</p>"
        and first.feedback.solution == "<p>La soluzione</p>"
    )
    assert (first.feedback.correct, first.feedback.incorrect) == (
        "<p>Giusto</p>",
        "<p>Sbagliato</p>",
    )
    assert quiz.covers == ("A1", "K3", "K1")
    # 2 + 6 × 1 (one essay and one upload included) + pick 1 × 3 points
    assert quiz.total_points == 2 + 7 + 3


def test_answers_of_each_kind_are_kept():
    questions = list(parse(EVERY_KIND).questions())
    assert [c.correct for c in questions[1].choices] == [True, False, True]
    # No weights in this format: the default rule (1/k per right option, -1/(n-k) per wrong one).
    assert [c.weight for c in questions[1].choices] == [50, -100, 50]
    assert [(a.text, a.weight) for a in questions[2].answers] == [("CRM", 100), ("C.R.M.", 100)]
    numeric = questions[3].numeric
    assert (numeric.min, numeric.max) == (3.5, 4.5)
    matching = questions[6]
    assert [(p.left.text, p.right.text, p.right.id) for p in matching.pairs] == [
        ("cane", "mammifero", "t1"),
        ("gatto", "mammifero", "t1"),
        ("aquila", "uccello", "t2"),
    ]
    assert [t.text for t in matching.targets] == ["mammifero", "uccello", "pesce"]
    assert [o.text for o in questions[7].order] == ["primo", "secondo", "terzo"]


def test_pools_and_text_blocks():
    quiz = parse(EVERY_KIND)
    text, pool = quiz.items[-2:]
    assert isinstance(text, TextBlock) and (text.title, text.html) == (
        "Seconda parte",
        "<p>Ora un gruppo.</p>",
    )
    assert isinstance(pool, Pool) and (
        pool.pick,
        pool.points_per_question,
        len(pool.questions),
    ) == (1, 3, 2)
    assert all(q.points == 3 for q in pool.questions)


def test_true_false_is_a_two_option_single_choice():
    quiz = parse("""\
        1.  Vero?
        *a) true
        b)  False
        2.  Non vero/falso
        *a) true
        b)  forse
        """)
    first, second = quiz.questions()
    assert first.kind == "single" and first.is_true_false
    assert not second.is_true_false


def test_question_ids_come_from_the_text_not_the_position():
    one = parse("1.  Prima?\n*a) sì\nb)  no\n\n2.  Seconda?\n*a) sì\nb)  no\n")
    two = parse(
        "1.  Nuova?\n*a) sì\nb)  no\n\n2.  Seconda?\n*a) sì\nb)  no\n\n3.  Prima?\n*a) sì\nb)  no\n"
    )
    ids_one = {q.text: q.id for q in one.questions()}
    ids_two = {q.text: q.id for q in two.questions()}
    assert ids_one["Prima?"] == ids_two["Prima?"] and ids_one["Seconda?"] == ids_two["Seconda?"]
    assert ids_one["Prima?"].startswith("q-") and len(ids_one["Prima?"]) == 10


def test_equal_normalised_texts_get_suffixed_ids():
    quiz = parse("1.  Quale  canale?\n*a) sì\nb)  no\n\n2.  quale canale?\n*a) sì\nb)  no\n")
    first, second = quiz.questions()
    assert second.id == first.id + "-2"


def test_continuation_lines_paragraphs_and_code_blocks():
    quiz = parse("""\
        Title: Un titolo
          che continua
        1.  Primo paragrafo
            che continua.

            ```python
            print("ciao")
            ```
        *a) Una scelta
            su due righe
        b)  Altra
        """)
    question = next(quiz.questions())
    assert question.title == "Un titolo che continua"
    assert question.text.splitlines()[:3] == ["Primo paragrafo", "che continua.", ""]
    assert "<pre><code" in question.html and "print" in question.html
    assert question.choices[0].text == "Una scelta\nsu due righe"


def test_comments_are_ignored():
    quiz = parse("""\
        % un commento
        COMMENT
        1.  Non è una domanda
        END_COMMENT
        1.  Domanda?
        % commento tra le risposte
        *a) sì
        b)  no
        """)
    assert [q.text for q in quiz.questions()] == ["Domanda?"]


def test_blank_lines_may_separate_points_from_the_question():
    quiz = parse("Points: 3\n\n1.  Domanda?\n*a) sì\nb)  no\n")
    assert next(quiz.questions()).points == 3


def test_feedback_is_solution_copies_general_feedback_to_the_solution():
    quiz = parse("Feedback is solution: true\n\n1.  Domanda?\n... Perché sì.\n*a) sì\nb)  no\n")
    assert next(quiz.questions()).feedback.solution == "<p>Perché sì.</p>"


@pytest.mark.parametrize(
    "text, forms",
    [
        ("5", ("exact", 5, 5)),
        ("1.41 +- 0.01", ("exact", 1.40, 1.42)),
        ("200 +- 1%", ("percent", 198, 202)),
        ("[1.2, 1.3]", ("range", 1.2, 1.3)),
        ("-3", ("exact", -3, -3)),
        ("2.5", ("exact", 2.5, 2.5)),
    ],
)
def test_number_answers(text, forms):
    answer = parse_number_answer(text)
    assert (answer.kind, answer.min, answer.max) == (
        forms[0],
        pytest.approx(forms[1]),
        pytest.approx(forms[2]),
    )


@pytest.mark.parametrize(
    "text", ["nan", "inf", "[2, 1]", "[1, 2", "5 +- -1", "cinque", "[1,2,3]", "1e999"]
)
def test_bad_number_answers_say_what_is_expected(text):
    with pytest.raises(ValueError, match="expected a number|range|tolerance"):
        parse_number_answer(text)


ERRORS = [
    ("1.  Domanda senza risposte\n", 1, "no answers"),
    ("1.  Domanda?\na)  uno\nb)  due\n", 1, "needs a correct choice"),
    ("1.  Domanda?\n*a) uno\n*b) due\n", 1, "more than one correct"),
    ("1.  Domanda?\n*a) uno\n", 1, "at least two choices"),
    ("1.  Domanda?\n*a) uno\n[ ] due\n", 3, "cannot also have"),
    ("1.  Domanda?\n*a) uno\nb)  uno\n", 3, "same choice"),
    ("1.  Domanda?\n___\n___\n", 3, "already has its essay"),
    ("1.  Domanda?\n___\n+   bravo\n", 3, "graded by a person"),
    ("*a) uno\n", 1, "must follow a question"),
    ("1.Domanda\n", 1, "expected a space after '1.'"),
    ("1.\n", 1, "expected text after '1.'"),
    ("Points: due\n1.  D?\n*a) s\nb)  n\n", 1, "positive number"),
    ("Points: 2\nPoints: 3\n1.  D?\n*a) s\nb)  n\n", 2, "already given"),
    ("Title: Solo titolo\n", 1, "expected a question"),
    ("Title: T\n*a) x\n", 2, "expected a question"),
    ("1.  D?\n*a) s\nb)  n\nQuiz title: Tardi\n", 4, "before the first question"),
    ("Mastery: 160%\n1.  D?\n*a) s\nb)  n\n", 1, "pass mark"),
    ("Attempts: 0\n1.  D?\n*a) s\nb)  n\n", 1, "at least 1"),
    ("Feedback: sempre\n1.  D?\n*a) s\nb)  n\n", 1, "immediate"),
    ("Shuffle answers: forse\n1.  D?\n*a) s\nb)  n\n", 1, "'true' or 'false'"),
    ("Can't go back: true\n1.  D?\n*a) s\nb)  n\n", 1, "One question at a time"),
    ("GROUP\n1.  D?\n*a) s\nb)  n\n", 1, "no END_GROUP"),
    ("END_GROUP\n", 1, "without an opening GROUP"),
    ("GROUP\nGROUP\nEND_GROUP\nEND_GROUP\n", 2, "cannot be nested"),
    ("GROUP\nPick: 2\n1.  D?\n*a) s\nb)  n\nEND_GROUP\n", 6, "fewer than"),
    ("GROUP\n1.  D?\n*a) s\nb)  n\nPick: 1\nEND_GROUP\n", 5, "right after GROUP"),
    ("Pick: 1\n", 1, "must follow GROUP"),
    ("GROUP\nText: dentro\nEND_GROUP\n", 2, "inside the GROUP"),
    ("1.  D?\n~   sinistra senza freccia\n", 2, "matching pair"),
    ("1.  D?\n~   a => b\n", 1, "at least two matching pairs"),
    ("1.  D?\n>   solo\n", 1, "at least two items"),
    ("1.  D?\n=   cinque\n", 2, "expected a number"),
    ("Covers: A1, 3K\n1.  D?\n*a) s\nb)  n\n", 1, "ids like A1"),
    ("COMMENT\nmai chiuso\n", 1, "without a closing END_COMMENT"),
    ("END_COMMENT\n", 1, "without an opening COMMENT"),
    ("1.  D?\n*a) s\nb)  n\nriga non indentata\n", 4, "unexpected text"),
    ("1.  D?\n*a) s\nb)  n\n  indentata male\n", 4, "indented"),
    ("```python\nprint(1)\n```\n", 1, "must be indented"),
    ("1.  Duplicata?\n*a) s\nb)  n\n2.  Duplicata?\n*a) s\nb)  n\n", 4, "already on line 1"),
    ("1.  D?\n*a) s\nb)  n\n\x07\n", 4, "control character"),
    ("", 1, "no questions"),
    ("Quiz title: Solo titolo\n", 1, "no questions"),
]


@pytest.mark.parametrize("text, line, message", ERRORS, ids=[e[2] for e in ERRORS])
def test_errors_name_file_line_and_what_was_expected(text, line, message):
    with pytest.raises(QuizError) as caught:
        parse_quiz(text, "uf1.md")
    error = caught.value
    assert (str(error.path), error.line) == ("uf1.md", line)
    assert message in error.message
    assert str(error).startswith(f"uf1.md:{line}: ")


@pytest.mark.parametrize("fence", ["```{.python .run}", "```{.bash .run executable=/bin/sh}"])
def test_executable_code_is_refused_and_never_run(tmp_path: Path, fence: str):
    marker = tmp_path / "ran"
    code = f"import pathlib; pathlib.Path({str(marker)!r}).write_text('x')"
    for text, line in (
        (f"{fence}\n{code}\n```\n", 1),
        (f"1.  D?\n\n    {fence}\n    {code}\n    ```\n*a) s\nb)  n\n", 3),
    ):
        with pytest.raises(QuizError, match="never executed") as caught:
            parse_quiz(text, "q.md")
        assert caught.value.line == line
    assert not marker.exists()


def test_reading_a_file(tmp_path: Path):
    path = tmp_path / "uf1.md"
    path.write_bytes("\ufeff1.  Domanda?\r\n*a) sì\r\nb)  no\r\n".encode())
    quiz = parse_quiz_file(path)
    assert quiz.source == path and next(quiz.questions()).choices[0].text == "sì"
    (tmp_path / "bad.md").write_bytes(b"1.  D?\n*a) \xff\n")
    with pytest.raises(QuizError, match="UTF-8") as caught:
        parse_quiz_file(tmp_path / "bad.md")
    assert caught.value.line == 2
    with pytest.raises(QuizError, match="not found"):
        parse_quiz_file(tmp_path / "missing.md")


def test_a_thousand_questions_render_each_distinct_text_once():
    body = "\n\n".join(
        f"{n}.  Domanda numero {n} sul **CRM**?\n*a) Vero\nb)  Falso" for n in range(1, 1001)
    )
    quiz = parse_quiz(body, "bank.md")
    questions = list(quiz.questions())
    assert len(questions) == 1000 and len({q.id for q in questions}) == 1000
    assert questions[-1].html == "<p>Domanda numero 1000 sul <strong>CRM</strong>?</p>"


# --- fuzzing ------------------------------------------------------------------------------


def _outcome(text: str) -> None:
    """Parsing gives a Quiz, or QuizErrors each with a line inside the text; nothing else."""
    try:
        quiz = parse_quiz(text, "fuzz.md")
    except QuizError as error:
        errors = error.errors if isinstance(error, QuizErrors) else (error,)
        assert len(errors) == 1 or isinstance(error, QuizErrors)
        for each in errors:
            assert isinstance(each, QuizError) and str(each.path) == "fuzz.md"
            assert each.line is not None and 1 <= each.line <= text.count("\n") + 1, (
                each.line,
                str(each),
            )
        return
    assert list(quiz.questions())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_gives_a_quiz_or_a_located_quiz_error(text):
    _outcome(text)


MARKERS = [
    "1. ",
    "2.  ",
    "*a) ",
    "b) ",
    "[*] ",
    "[ ] ",
    "* ",
    "... ",
    "+ ",
    "- ",
    "! ",
    "___",
    "^^^",
    "= ",
    "~ ",
    "> ",
    "Title: ",
    "Points: ",
    "Covers: ",
    "Text title: ",
    "Text: ",
    "Quiz title: ",
    "Quiz description: ",
    "GROUP",
    "END_GROUP",
    "Pick: ",
    "Points per question: ",
    "Solutions pick: ",
    "Shuffle answers: ",
    "Show correct answers: ",
    "One question at a time: ",
    "Can't go back: ",
    "Feedback is solution: ",
    "Mastery: ",
    "Attempts: ",
    "Feedback: ",
    "COMMENT",
    "END_COMMENT",
    "% ",
    "```",
    "    ",
    "  ",
    "\t",
    "",
]
VALUES = [
    "true",
    "false",
    "2",
    "0.5",
    "60%",
    "-1",
    "immediate",
    "never",
    "[1, 2]",
    "3 +- 1%",
    "x => y",
    "=> z",
    "A1, K2",
    "**grassetto**",
    "`codice`",
    "testo",
    "nan",
    "{.python .run}",
    "<b>html</b>",
    "é",
]
quiz_lines = st.lists(
    st.tuples(st.sampled_from(MARKERS), st.sampled_from(VALUES)).map("".join), max_size=40
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quiz_lines)
def test_near_valid_quiz_lines_give_a_quiz_or_a_located_quiz_error(lines):
    _outcome("\n".join(lines))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["single", "multiple", "short", "numerical", "matching", "ordering"]),
        min_size=1,
        max_size=8,
    )
)
def test_generated_valid_quizzes_parse(kinds):
    answers = {
        "single": "*a) sì\nb)  no",
        "multiple": "[*] uno\n[ ] due",
        "short": "*   CRM",
        "numerical": "=   3 +- 1",
        "matching": "~   a => b\n~   c => d",
        "ordering": ">   uno\n>   due",
    }
    text = "\n\n".join(f"{n}.  Domanda {n}?\n{answers[kind]}" for n, kind in enumerate(kinds, 1))
    assert [q.kind for q in parse_quiz(text).questions()] == kinds


def test_questions_are_frozen():
    question = next(parse("1.  D?\n*a) s\nb)  n\n").questions())
    assert isinstance(question, Question)
    with pytest.raises(AttributeError):
        question.points = 5  # type: ignore[misc]


@pytest.mark.parametrize(
    "lines, shown",
    [
        ("", "after-each-attempt"),  # no pass mark: nothing to give away
        ("Mastery: 60%\n", "after-last-attempt"),
        ("Mastery: 60%\nShow answers: after-each-attempt\n", "after-each-attempt"),
        ("Show correct answers: false\n", "never"),
        ("Show answers: never\n", "never"),
    ],
)
def test_when_answers_are_shown(lines, shown):
    quiz = parse_quiz(f"Quiz title: x\n{lines}\n1.  Vero?\n*a) Vero\nb)  Falso\n")
    assert quiz.options.answers_shown == shown


def test_show_answers_takes_three_values():
    with pytest.raises(
        QuizError,
        match="expected 'Show answers: after-each-attempt', 'after-last-attempt', 'never'",
    ):
        parse_quiz(
            "Quiz title: x\nShow answers: sometimes\n\n1.  Vero?\n*a) Vero\nb)  Falso\n", "q.md"
        )


def test_a_numerical_question_names_its_unit():
    quiz = parse("""\
        Unit: minuti
        1.  Quanto dura?
        =   216
        """)
    assert next(quiz.questions()).unit == "minuti"


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "Unit: %\n1.  Sigla?\n*   CRM\n",
            "quiz.md:2: this short-answer question has a Unit:, which only a numerical",
        ),
        (
            "Unit: 100 euro\n1.  Quanto?\n=   3\n",
            "quiz.md:1: Unit: expected the unit a numerical answer is given in",
        ),
        (
            "Unit: %\n\n",
            "expected a question ('1. …') after the Title:/Points:/Covers:/Unit: of line 1",
        ),
    ],
)
def test_unit_errors(text, message):
    with pytest.raises(QuizError) as raised:
        parse_quiz(text, "quiz.md")
    assert message in str(raised.value)


def test_reading_goes_on_after_an_error_and_reports_each_mistake_once():
    text = textwrap.dedent("""\
        Quiz title: Prova
        Mastery: tanto

        1.  Prima?
        *a) Sì
        *b) Anche
        ... Un commento su b.
        c)  No

        riga sbagliata
          e la sua continuazione

        Points: 0
        2.  Seconda?
        *a) Sì
        b)  No

        GROUP
        GROUP
        3.  Terza?
        *a) Sì
        b)  No
        END_GROUP
        END_GROUP

        4.  Quarta?
        = dieci
        """)
    with pytest.raises(QuizErrors) as caught:
        parse_quiz(text, "uf1.md")
    assert [(e.line, e.message.split(":")[0]) for e in caught.value.errors] == [
        (2, "expected a pass mark from 0% to 100%, like 'Mastery"),
        (4, "this single-choice question has more than one correct choice"),
        (10, "unexpected text 'riga sbagliata'"),
        (13, "Points"),
        (19, "GROUP inside the GROUP of line 18"),
        (27, "expected a number"),
    ]
    assert all(str(e.path) == "uf1.md" for e in caught.value.errors)
    assert caught.value.details.splitlines()[0] == (
        "uf1.md:2: error: expected a pass mark from 0% to 100%, like 'Mastery: 60%', not 'tanto'"
    )
