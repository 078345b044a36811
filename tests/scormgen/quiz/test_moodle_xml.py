"""Moodle XML: parses back, one category per unit, and each question type carries the fields
Moodle's XML import (question/format/xml) reads for it."""

from __future__ import annotations

import pytest
from lxml import etree

from scormgen.quiz.gift import parse_gift
from scormgen.quiz.moodle_xml import GRADE_TOLERANCE, GRADES, category_path, moodle_xml
from scormgen.quiz.parser import parse_quiz

from .test_parser import EVERY_KIND, parse

COMMON = (
    "name/text",
    "questiontext/text",
    "generalfeedback/text",
    "defaultgrade",
    "penalty",
    "hidden",
    "idnumber",
)
REQUIRED = {
    "multichoice": (
        "single",
        "shuffleanswers",
        "answernumbering",
        "correctfeedback/text",
        "partiallycorrectfeedback/text",
        "incorrectfeedback/text",
        "answer/text",
        "answer/feedback/text",
    ),
    "truefalse": ("answer/text", "answer/feedback/text"),
    "shortanswer": ("usecase", "answer/text"),
    "numerical": ("answer/text", "answer/tolerance"),
    "matching": (
        "shuffleanswers",
        "subquestion/text",
        "subquestion/answer/text",
        "correctfeedback/text",
    ),
    "ordering": (
        "layouttype",
        "selecttype",
        "selectcount",
        "gradingtype",
        "showgrading",
        "numberingstyle",
        "answer/text",
        "correctfeedback/text",
    ),
    "essay": (
        "responseformat",
        "responserequired",
        "responsefieldlines",
        "attachments",
        "attachmentsrequired",
        "graderinfo/text",
        "responsetemplate/text",
    ),
    "description": (),
}


@pytest.fixture(scope="module")
def bank() -> etree._Element:
    data = moodle_xml(parse(EVERY_KIND), "UF1 Assistenza all'utente")
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert b"CDATA" not in data
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def questions(bank: etree._Element, qtype: str | None = None) -> list[etree._Element]:
    return [
        q
        for q in bank.iterfind("question")
        if q.get("type") != "category" and qtype in (None, q.get("type"))
    ]


def test_one_category_per_unit_and_a_subcategory_per_pool(bank):
    categories = [q.findtext("category/text") for q in bank.iterfind("question[@type='category']")]
    assert categories[0] == "$course$/top/UF1 Assistenza all'utente"
    assert len(categories) == 2 and categories[1].startswith(categories[0] + "/pool-")
    assert category_path("A/B", "C") == "$course$/top/A//B/C"


def test_every_question_has_the_fields_moodle_reads(bank):
    seen = set()
    for question in questions(bank):
        qtype = question.get("type")
        seen.add(qtype)
        for path in COMMON + REQUIRED[qtype]:
            assert question.find(path) is not None, (qtype, path)
        assert question.find("questiontext").get("format") == "html"
    assert seen == {
        "multichoice",
        "shortanswer",
        "numerical",
        "essay",
        "matching",
        "ordering",
        "description",
    }


def test_html_is_escaped_text(bank):
    first = questions(bank, "multichoice")[0]
    assert first.findtext("questiontext/text") == "<p>Che cosa significa <strong>CRM</strong>?</p>"
    assert first.findtext("idnumber").startswith("q-")
    assert first.findtext("defaultgrade") == "2"
    assert first.findtext("generalfeedback/text") == "<p>Generale</p><p>La soluzione</p>"
    assert first.findtext("correctfeedback/text") == "<p>Giusto</p>"


def test_multiple_answers_add_up_to_100_and_wrong_ones_are_negative(bank):
    multiple = [q for q in questions(bank, "multichoice") if q.findtext("single") == "false"][0]
    fractions = [float(a.get("fraction")) for a in multiple.iterfind("answer")]
    assert fractions == [50, -100, 50]
    assert sum(f for f in fractions if f > 0) == 100


def accepted_by_moodle(percent: float) -> bool:
    """Moodle's importer takes a grade within 0.00001 of the mark of one of its list."""
    return any(abs(abs(percent) - grade) < GRADE_TOLERANCE for grade in GRADES)


@pytest.mark.parametrize("right, wrong", [(3, 1), (1, 6), (6, 3), (2, 7), (3, 3), (7, 2)])
def test_fractions_are_the_models_weights_which_moodle_accepts(right, wrong):
    choices = "\n".join(
        [f"[*] giusta {i}" for i in range(right)] + [f"[ ] sbagliata {i}" for i in range(wrong)]
    )
    quiz = parse_quiz(f"1.  Quali?\n{choices}\n")
    bank = etree.fromstring(moodle_xml(quiz, "UF"))
    fractions = [float(a.get("fraction")) for a in bank.iterfind("question/answer")]
    assert fractions == [c.weight for c in next(quiz.questions()).choices]
    assert all(accepted_by_moodle(f) for f in fractions)
    # Exactly 100 between them: three right options are 33.33333, 33.33333 and 33.33334.
    assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=1e-9)
    assert sum(f for f in fractions if f < 0) == pytest.approx(-100, abs=1e-9)


def test_written_weights_reach_moodle_and_others_become_grades_it_accepts():
    bank = etree.fromstring(
        moodle_xml(
            parse_gift(
                "Dove? {~Gerusalemme ~%35%Betlemme =Nazaret}\n\n"
                "Chi? {=Nazareth =%75%Nazereth}\n\n"
                "Quando? {#=1822:0 =%50%1822:2}\n"
            ),
            "UF",
        )
    )
    single, short, number = questions(bank)
    # 35 % is not a grade Moodle imports: the nearest one below it.
    assert [a.get("fraction") for a in single.iterfind("answer")] == ["0", "33.33333", "100"]
    assert [(a.findtext("text"), a.get("fraction")) for a in short.iterfind("answer")] == [
        ("Nazareth", "100"),
        ("Nazereth", "75"),
    ]
    assert [(a.get("fraction"), a.findtext("tolerance")) for a in number.iterfind("answer")] == [
        ("100", "0"),
        ("50", "2"),
    ]


def test_true_false(bank):
    quiz = parse_quiz("1.  Il CRM è un software?\n-   Rileggi.\n*a) True\n... Sì.\nb)  False\n")
    question = etree.fromstring(moodle_xml(quiz, "UF")).find("question[@type='truefalse']")
    answers = [
        (a.findtext("text"), a.get("fraction"), a.findtext("feedback/text"))
        for a in question.iterfind("answer")
    ]
    assert answers == [("true", "100", "<p>Sì.</p>"), ("false", "0", "<p>Rileggi.</p>")]


def test_short_numerical_matching_ordering_and_essay(bank):
    short = questions(bank, "shortanswer")[0]
    assert [a.findtext("text") for a in short.iterfind("answer")] == ["CRM", "C.R.M."]
    numerical = questions(bank, "numerical")[0].find("answer")
    assert (
        numerical.findtext("text"),
        numerical.findtext("tolerance"),
        numerical.get("fraction"),
    ) == ("4", "0.5", "100")
    matching = questions(bank, "matching")[0]
    pairs = [
        (s.findtext("text"), s.findtext("answer/text")) for s in matching.iterfind("subquestion")
    ]
    assert pairs == [
        ("cane", "mammifero"),
        ("gatto", "mammifero"),
        ("aquila", "uccello"),
        ("", "pesce"),
    ]
    ordering = questions(bank, "ordering")[0]
    assert [a.findtext("text") for a in ordering.iterfind("answer")] == [
        "primo",
        "secondo",
        "terzo",
    ]
    assert (
        ordering.findtext("gradingtype") == "ALL_OR_NOTHING"
        and ordering.findtext("selectcount") == "3"
    )
    essay, upload = questions(bank, "essay")
    assert (essay.findtext("responseformat"), essay.findtext("attachments")) == ("editor", "0")
    assert (upload.findtext("responseformat"), upload.findtext("attachmentsrequired")) == (
        "noinline",
        "1",
    )


def test_wrong_answer_feedback_of_short_and_numerical_questions_goes_to_a_catch_all_answer():
    quiz = parse_quiz("1.  Sigla?\n-   No.\n*   CRM*\n\n2.  Quanto?\n-   No.\n=   [1, 3]\n")
    bank = etree.fromstring(moodle_xml(quiz, "UF"))
    short, number = questions(bank)
    assert [(a.findtext("text"), a.get("fraction")) for a in short.iterfind("answer")] == [
        ("CRM\\*", "100"),
        ("*", "0"),
    ]
    assert [(a.findtext("text"), a.findtext("tolerance")) for a in number.iterfind("answer")] == [
        ("2", "1"),
        ("*", "0"),
    ]


def test_text_blocks_become_descriptions(bank):
    description = questions(bank, "description")[0]
    assert description.findtext("defaultgrade") == "0"
    assert (
        description.findtext("questiontext/text") == "<h2>Seconda parte</h2><p>Ora un gruppo.</p>"
    )
    quiz = parse_quiz("Text title: A <b> & B\nText: testo\n\n1.  D?\n*a) s\nb)  n\n")
    text = etree.fromstring(moodle_xml(quiz, "UF")).findtext(
        "question[@type='description']/questiontext/text"
    )
    assert text.startswith("<h2>A &lt;b&gt; &amp; B</h2>")


def test_italian_true_false_exports_moodles_own_answer_words():
    quiz = parse_quiz("1.  Il CRM è un processo?\na)  Falso\n*b) Vero\n")
    question = etree.fromstring(moodle_xml(quiz, "UF")).find("question[@type='truefalse']")
    assert [(a.findtext("text"), a.get("fraction")) for a in question.iterfind("answer")] == [
        ("false", "0"),
        ("true", "100"),
    ]
