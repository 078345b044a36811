"""Moodle XML writer: one question bank category per unit, one <question> per question.

Moodle question types: multichoice (single and multiple), truefalse, shortanswer, numerical,
matching, ordering (qtype_ordering, part of Moodle since 4.4), essay (file uploads are essays
that take an attachment instead of text), description (text between questions). Pooled
questions go into a subcategory per pool, from which a Moodle quiz draws random questions.

Feedback written once in the quiz file lands where each type keeps it: multichoice,
matching and ordering have combined correct/incorrect feedback; truefalse, shortanswer and
numerical have per-answer feedback only, so the correct feedback joins the right answers'
and the incorrect feedback goes to the wrong ones (a catch-all `*` answer where Moodle
allows one). The solution joins the general feedback, shown after the attempt; for essays
it is the information for graders.
"""

from __future__ import annotations

from html import escape

from lxml import etree

from scormgen.quiz.model import (
    FULL_MARKS,
    TRUE_WORDS,
    Feedback,
    Pool,
    Question,
    Quiz,
    TextBlock,
    content_id,
    format_number,
    html_to_plain,
)

PENALTY = "0.3333333"


def _el(
    parent: etree._Element, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _text(
    parent: etree._Element, tag: str, text: str, text_format: str | None = "html"
) -> etree._Element:
    """<tag format="html"><text>text</text></tag>; no format attribute if `text_format` is None."""
    element = _el(parent, tag, **({"format": text_format} if text_format else {}))
    _el(element, "text", text)
    return element


# Moodle imports only grades from its list (in % of the question's mark); others are refused.
GRADES = (
    100,
    90,
    83.33333,
    80,
    75,
    70,
    66.66667,
    60,
    50,
    40,
    33.33333,
    30,
    25,
    20,
    16.66667,
    14.28571,
    12.5,
    11.11111,
    10,
    5,
    0,
)


# Moodle's importer takes a grade within this much of one of its list (0.00001 of the mark).
GRADE_TOLERANCE = 0.001


def _fraction(percent: float) -> str:
    """`percent` as written, when Moodle's importer takes it for a grade of its list (the model's
    33.33334 is its 33.33333, so that three shares add up to 100); otherwise the nearest grade of
    the list (positive grades rounded down, so they never add up to more than 100)."""
    magnitude = abs(percent)
    if any(abs(g - magnitude) < GRADE_TOLERANCE for g in GRADES):
        grade = magnitude
    elif percent > 0:
        grade = max(g for g in GRADES if g <= magnitude)
    else:
        grade = min(GRADES, key=lambda g: abs(g - magnitude))
    text = f"{grade:.5f}".rstrip("0").rstrip(".")
    return f"-{text}" if percent < 0 and grade else text


def category_path(*names: str) -> str:
    """Moodle's path of nested categories under the course; a '/' inside a name is written '//'."""
    return "$course$/top/" + "/".join(name.replace("/", "//") for name in names)


def _category(root: etree._Element, path: str) -> None:
    question = _el(root, "question", type="category")
    _text(question, "category", path, None)
    _text(question, "info", "")


def moodle_xml(quiz: Quiz, category: str) -> bytes:
    """The question bank of `quiz` under the course category `category`."""
    root = etree.Element("quiz")
    _category(root, category_path(category))
    pools = [item for item in quiz.items if isinstance(item, Pool)]
    for item in quiz.items:
        if isinstance(item, Question):
            _question(root, item, quiz)
        elif isinstance(item, TextBlock):
            _description(root, item)
    for pool in pools:
        _category(root, category_path(category, pool.title or pool.id))
        for question in pool.questions:
            _question(root, question, quiz)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _common(
    root: etree._Element,
    qtype: str,
    name: str,
    html: str,
    general_feedback: str,
    grade: float,
    idnumber: str,
) -> etree._Element:
    question = _el(root, "question", type=qtype)
    _text(question, "name", name[:255], None)
    _text(question, "questiontext", html)
    _text(question, "generalfeedback", general_feedback)
    _el(question, "defaultgrade", format_number(grade))
    _el(question, "penalty", "1" if qtype == "truefalse" else ("0" if grade == 0 else PENALTY))
    _el(question, "hidden", "0")
    _el(question, "idnumber", idnumber)
    return question


def _description(root: etree._Element, block: TextBlock) -> None:
    html = (f"<h2>{escape(block.title)}</h2>" if block.title else "") + block.html
    _common(
        root,
        "description",
        block.title or html_to_plain(block.html)[:60] or "Testo",
        html,
        "",
        0,
        content_id("text", block.title + "\n" + block.text),
    )


def _combined_feedback(question_element: etree._Element, question: Question) -> None:
    _text(question_element, "correctfeedback", question.feedback.correct)
    _text(question_element, "partiallycorrectfeedback", "")
    _text(question_element, "incorrectfeedback", question.feedback.incorrect)
    _el(question_element, "shownumcorrect")


def _answer(
    parent: etree._Element, fraction: float, text: str, feedback: str, text_format: str
) -> etree._Element:
    answer = _el(parent, "answer", fraction=_fraction(fraction), format=text_format)
    _el(answer, "text", text)
    _text(answer, "feedback", feedback)
    return answer


AUTO = "moodle_auto_format"


def _right(weight: float, feedback: Feedback) -> str:
    """The feedback of an answer worth `weight`: the correct feedback joins the full-marks ones."""
    return feedback.correct if weight >= FULL_MARKS else ""


QTYPE = {
    "single": "multichoice",
    "multiple": "multichoice",
    "short": "shortanswer",
    "numerical": "numerical",
    "essay": "essay",
    "upload": "essay",
    "matching": "matching",
    "ordering": "ordering",
}


def _question(root: etree._Element, question: Question, quiz: Quiz) -> None:
    feedback = question.feedback
    qtype = "truefalse" if question.is_true_false else QTYPE[question.kind]
    general = feedback.general + (feedback.solution if question.auto_scored else "")
    element = _common(
        root, qtype, question.display_title, question.html, general, question.points, question.id
    )
    shuffle = "true" if quiz.options.shuffle_answers else "false"
    kind = question.kind
    if qtype == "truefalse":
        for choice in question.choices:
            extra = feedback.correct if choice.correct else feedback.incorrect
            # Moodle's importer recognises its true/false answers only by the English words.
            word = "true" if choice.text.strip().casefold() in TRUE_WORDS else "false"
            fraction = FULL_MARKS if choice.correct else 0  # a true/false has no partial credit
            _answer(element, fraction, word, choice.feedback_html + extra, AUTO)
    elif kind in ("single", "multiple"):
        _el(element, "single", "true" if kind == "single" else "false")
        _el(element, "shuffleanswers", shuffle)
        _el(element, "answernumbering", "abc")
        _el(element, "showstandardinstruction", "0")
        _combined_feedback(element, question)
        for choice in question.choices:
            _answer(element, choice.weight, choice.html, choice.feedback_html, "html")
    elif kind == "short":
        _el(element, "usecase", "0")
        for accepted in question.answers:
            # `*` is Moodle's wildcard; a literal asterisk is written `\*`.
            text = accepted.text.replace("*", "\\*")
            _answer(element, accepted.weight, text, _right(accepted.weight, feedback), AUTO)
        if feedback.incorrect:
            _answer(element, 0, "*", feedback.incorrect, AUTO)
    elif kind == "numerical":
        for number in question.numbers:
            value = format_number(number.midpoint)
            answer = _answer(element, number.weight, value, _right(number.weight, feedback), AUTO)
            _el(answer, "tolerance", format_number(number.absolute_tolerance))
        if feedback.incorrect:
            _el(_answer(element, 0, "*", feedback.incorrect, AUTO), "tolerance", "0")
        for tag, value in (
            ("unitgradingtype", "0"),
            ("unitpenalty", "0.1000000"),
            ("showunits", "3"),
            ("unitsleft", "0"),
        ):
            _el(element, tag, value)
    elif kind == "matching":
        _el(element, "shuffleanswers", "true")
        _combined_feedback(element, question)
        for left, right in [(p.left.html, p.right) for p in question.pairs] + [
            ("", d) for d in question.distractors
        ]:
            subquestion = _text(element, "subquestion", left)
            _el(_el(subquestion, "answer"), "text", html_to_plain(right.html))
    elif kind == "ordering":
        for tag, value in (
            ("layouttype", "VERTICAL"),
            ("selecttype", "ALL"),
            ("selectcount", str(len(question.order))),
            ("gradingtype", "ALL_OR_NOTHING"),
            ("showgrading", "SHOW"),
            ("numberingstyle", "none"),
        ):
            _el(element, tag, value)
        _combined_feedback(element, question)
        for item in question.order:  # Moodle numbers them itself, from their written order
            _answer(element, 100, item.html, "", "html")
    else:  # essay or upload
        upload = kind == "upload"
        for tag, value in (
            ("responseformat", "noinline" if upload else "editor"),
            ("responserequired", "0" if upload else "1"),
            ("responsefieldlines", "0" if upload else "15"),
            ("attachments", "1" if upload else "0"),
            ("attachmentsrequired", "1" if upload else "0"),
        ):
            _el(element, tag, value)
        _text(element, "graderinfo", feedback.solution)
        _text(element, "responsetemplate", "")
