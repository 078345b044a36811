"""QTI 2.1 writer: one assessmentItem per question, an assessmentTest, an IMS content package.

Every auto-scored item gives SCORE = MAXSCORE (the question's points) when the response is
right; otherwise 0, or the points its weights give where the question has partial credit (a
multiple-answer question, weighted options, short answers or numbers worth less than full
marks): a mapping of the options' or answers' weights, bounded below by 0, or a condition per
weighted number. Essays and uploads are left for a person to score. Feedback is
modal: the FEEDBACK outcome collects the identifiers of the feedback to show (the chosen
options, "correct" or "incorrect", "general", "solution"). Pools become sections that
select `pick` of their items; text between questions becomes a section whose rubric shows it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain

from lxml import etree

from course_model.errors import ContentError, QuizError
from course_model.i18n import t
from course_model.zipfiles import deterministic_zip
from scormgen import __version__
from scormgen.quiz.media import quiz_image
from scormgen.quiz.model import (
    FULL_MARKS,
    MANUALLY_GRADED,
    Choice,
    NumericAnswer,
    Option,
    Pool,
    Question,
    Quiz,
    QuizOptions,
    TextBlock,
    content_id,
    format_number,
    unique,
)
from scormgen.quiz.xhtml import append_html

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
MD = "http://www.imsglobal.org/xsd/imsmd_v1p2"
QTI_MD = "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_MANIFEST_NAMESPACES = {None: CP, "imsmd": MD, "imsqti": QTI_MD, "xsi": XSI}
QTI_SCHEMA = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
TEST_FILE = "assessment.xml"
_QUESTION_FEEDBACK = ("correct", "incorrect", "general", "solution")
_REMOTE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//")  # a URL scheme, or a network path

_INTERACTION = {
    "single": "choiceInteraction",
    "multiple": "choiceInteraction",
    "short": "textEntryInteraction",
    "numerical": "textEntryInteraction",
    "essay": "extendedTextInteraction",
    "upload": "uploadInteraction",
    "matching": "matchInteraction",
    "ordering": "orderInteraction",
}
# (cardinality, baseType) of RESPONSE by question kind.
_RESPONSE = {
    "single": ("single", "identifier"),
    "multiple": ("multiple", "identifier"),
    "short": ("single", "string"),
    "numerical": ("single", "float"),
    "essay": ("single", "string"),
    "upload": ("single", "file"),
    "matching": ("multiple", "directedPair"),
    "ordering": ("ordered", "identifier"),
}


def _el(
    parent: etree._Element, tag: str, text: str | None = None, ns: str = QTI, **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _root(tag: str, **attributes: str) -> etree._Element:
    root = etree.Element(f"{{{QTI}}}{tag}", nsmap={None: QTI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{QTI} {QTI_SCHEMA}")
    for key, value in attributes.items():
        root.set(key, value)
    return root


# --- items ------------------------------------------------------------------------------------


def feedback_ids(question: Question) -> list[tuple[str, str]]:
    """(identifier, html) of each piece of feedback the item can show, in display order."""
    found = [(c.id, c.feedback_html) for c in question.choices if c.feedback_html]
    feedback = question.feedback
    found += [
        (key, html)
        for key, html in (
            ("correct", feedback.correct),
            ("incorrect", feedback.incorrect),
            ("general", feedback.general),
            ("solution", feedback.solution),
        )
        if html
    ]
    return found


def item_xml(question: Question, options: QuizOptions) -> bytes:
    """The assessmentItem of one question."""
    return _serialise(item_element(question, options))


class Prebuilt:
    """Subtrees built once per package and copied where used.

    Most items of a quiz differ only in their identifiers and texts: their declarations, their
    interaction's elements, their response processing and their entries in the manifest depend
    on a few properties (kind, points, feedback, choice identifiers) that many share. lxml copies
    a prebuilt subtree several times faster per element than it builds one element by element,
    so the shared parts are built once by a function of those properties alone, and copied."""

    def __init__(self) -> None:
        self._built: dict[tuple, etree._Element] = {}

    def copy(self, build: Callable[..., etree._Element], *arguments: Hashable) -> etree._Element:
        """A copy of `build(*arguments)`, built on first use."""
        key = (build, *arguments)
        if key not in self._built:
            self._built[key] = build(*arguments)
        return copy.copy(
            self._built[key]
        )  # lxml copies the whole subtree (deepcopy only adds a memo)


def item_element(
    question: Question, options: QuizOptions, prebuilt: Prebuilt | None = None
) -> etree._Element:
    """The assessmentItem of one question; `prebuilt` holds the parts shared with other items."""
    prebuilt = Prebuilt() if prebuilt is None else prebuilt
    feedback = feedback_ids(question)
    points = format_number(question.points)
    root = prebuilt.copy(_item_declarations, points, bool(feedback))
    root.set("identifier", question.id)
    root.set("title", question.display_title)
    mapping = _mapping(question)
    # RESPONSE is declared before the outcomes
    root.insert(
        0,
        prebuilt.copy(
            _response_declaration, question.kind, _correct_values(question), mapping, points
        ),
    )
    body = root[-1]  # the itemBody
    append_html(body, question.html, QTI, block=True)
    _interaction(body, question, options, prebuilt)
    shown = tuple(identifier for identifier, _ in feedback if identifier in _QUESTION_FEEDBACK)
    choice_feedback = any(c.feedback_html for c in question.choices)
    processing = prebuilt.copy(
        _response_processing,
        question.kind,
        question.numbers,
        bool(mapping),
        points,
        shown,
        choice_feedback,
    )
    if len(processing):  # an essay or upload without feedback has nothing to process
        root.append(processing)
    for identifier, html in feedback:
        modal = prebuilt.copy(_modal_feedback, identifier)
        root.append(modal)
        append_html(modal, html, QTI, block=False)
    return root


def _modal_feedback(identifier: str) -> etree._Element:
    """Feedback shown when the FEEDBACK outcome holds `identifier`; its text is added to copies."""
    return etree.Element(
        f"{{{QTI}}}modalFeedback",
        outcomeIdentifier="FEEDBACK",
        identifier=identifier,
        showHide="show",
    )


def _item_declarations(points: str, feedback: bool) -> etree._Element:
    """An assessmentItem with its outcome declarations and an empty itemBody, identifier and title
    left to fill in."""
    root = _root("assessmentItem", identifier="", title="", adaptive="false", timeDependent="false")
    _el(
        root, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float"
    )  # 0 by default
    maximum = _el(
        root, "outcomeDeclaration", identifier="MAXSCORE", cardinality="single", baseType="float"
    )
    _el(_el(maximum, "defaultValue"), "value", points)
    if feedback:
        _el(
            root,
            "outcomeDeclaration",
            identifier="FEEDBACK",
            cardinality="multiple",
            baseType="identifier",
        )
    _el(root, "itemBody")
    return root


def _correct_values(question: Question) -> tuple[str, ...]:
    kind = question.kind
    if kind in ("single", "multiple"):
        return tuple(c.id for c in question.correct_choices)
    if kind == "short":
        return question.right_answers[:1]
    if kind == "numerical" and question.numeric is not None:
        return (format_number(question.numeric.midpoint),)
    if kind == "matching":
        return tuple(f"{p.left.id} {p.right.id}" for p in question.pairs)
    if kind == "ordering":
        return tuple(o.id for o in question.order)
    return ()


def _mapping(question: Question) -> tuple[tuple[str, str], ...]:
    """(key, points) of each response the question scores by mapping: the short answers, and the
    options of a choice question with partial credit; empty for other questions."""
    if question.kind == "short":
        weighted = [(a.text, a.weight) for a in question.answers]
    elif any(0 < c.weight < FULL_MARKS or c.weight < 0 for c in question.choices):
        weighted = [(c.id, c.weight) for c in question.choices]
    else:
        return ()
    return tuple((key, format_number(question.points * w / FULL_MARKS)) for key, w in weighted)


def _response_declaration(
    kind: str, values: tuple[str, ...], mapping: tuple[tuple[str, str], ...], points: str
) -> etree._Element:
    """The declaration of RESPONSE; `values`: the correct response; `mapping`: the responses that
    score by mapping and their points, which add up to at least 0 and at most `points`."""
    cardinality, base_type = _RESPONSE[kind]
    response = etree.Element(
        f"{{{QTI}}}responseDeclaration",
        identifier="RESPONSE",
        cardinality=cardinality,
        baseType=base_type,
    )
    if values:
        correct = _el(response, "correctResponse")
        for value in values:
            _el(correct, "value", value)
    if mapping:
        entries = _el(response, "mapping", lowerBound="0", upperBound=points, defaultValue="0")
        for key, value in mapping:
            _el(entries, "mapEntry", mapKey=key, mappedValue=value, caseSensitive="false")
    return response


def _interaction(
    body: etree._Element, question: Question, options: QuizOptions, prebuilt: Prebuilt
) -> None:
    kind = question.kind
    name = _INTERACTION[kind]
    if kind in ("single", "multiple"):
        _choices(
            body,
            prebuilt,
            question.choices,
            name,
            responseIdentifier="RESPONSE",
            shuffle=_bool(options.shuffle_answers),
            maxChoices="1" if kind == "single" else "0",
        )
    elif kind in ("short", "numerical"):
        expected = max((len(a.text) for a in question.answers), default=10)
        body.append(prebuilt.copy(_text_entry, name, str(max(expected, 10))))
    elif kind == "essay":
        _el(body, name, responseIdentifier="RESPONSE", expectedLines="10")
    elif kind == "upload":
        _el(body, name, responseIdentifier="RESPONSE")
    elif kind == "matching":
        interaction = _el(
            body,
            name,
            responseIdentifier="RESPONSE",
            shuffle="true",
            maxAssociations=str(len(question.pairs)),
        )
        sources = _el(interaction, "simpleMatchSet")
        for pair in question.pairs:
            append_html(
                _el(sources, "simpleAssociableChoice", identifier=pair.left.id, matchMax="1"),
                pair.left.html,
                QTI,
                block=False,
            )
        targets = _el(interaction, "simpleMatchSet")
        for target in question.targets:
            append_html(
                _el(
                    targets,
                    "simpleAssociableChoice",
                    identifier=target.id,
                    matchMax=str(len(question.pairs)),
                ),
                target.html,
                QTI,
                block=False,
            )
    elif kind == "ordering":
        _choices(
            body, prebuilt, question.order, name, responseIdentifier="RESPONSE", shuffle="true"
        )


def _choices(
    body: etree._Element,
    prebuilt: Prebuilt,
    choices: Sequence[Choice | Option],
    name: str,
    **attributes: str,
) -> None:
    """An interaction `name` offering `choices`: its elements copied from a prebuilt one with the
    same attributes and choice identifiers (most questions have choices a, b, c, d), then the
    texts."""
    interaction = prebuilt.copy(
        _choice_interaction, name, tuple(attributes.items()), tuple(choice.id for choice in choices)
    )
    body.append(interaction)
    for element, choice in zip(interaction, choices, strict=True):
        append_html(element, choice.html, QTI, block=False)


def _choice_interaction(
    name: str, attributes: tuple[tuple[str, str], ...], ids: tuple[str, ...]
) -> etree._Element:
    """An interaction with an empty simpleChoice for each identifier."""
    interaction = etree.Element(f"{{{QTI}}}{name}", dict(attributes))
    for identifier in ids:
        _el(interaction, "simpleChoice", identifier=identifier)
    return interaction


def _text_entry(name: str, expected_length: str) -> etree._Element:
    """A paragraph holding the text entry (an inline interaction)."""
    paragraph = etree.Element(f"{{{QTI}}}p")
    _el(paragraph, name, responseIdentifier="RESPONSE", expectedLength=expected_length)
    return paragraph


def _variable(parent: etree._Element, identifier: str = "RESPONSE") -> etree._Element:
    return _el(parent, "variable", identifier=identifier)


def _base(parent: etree._Element, base_type: str, value: str) -> etree._Element:
    return _el(parent, "baseValue", value, baseType=base_type)


def _correct_condition(parent: etree._Element, kind: str, numeric: NumericAnswer | None) -> None:
    """The expression that is true when the response is right (worth full marks)."""
    if kind == "short":
        full = _el(parent, "gte")
        _el(full, "mapResponse", identifier="RESPONSE")
        _variable(full, "MAXSCORE")
    elif kind == "numerical" and numeric is not None and numeric.kind == "range":
        both = _el(parent, "and")
        for operator, bound in (("gte", numeric.min), ("lte", numeric.max)):
            compare = _el(both, operator)
            _variable(compare)
            _base(compare, "float", format_number(bound))
    elif kind == "numerical" and numeric is not None:
        if numeric.tolerance == 0:
            equal = _el(parent, "equal", toleranceMode="exact")
        else:
            mode = "relative" if numeric.kind == "percent" else "absolute"
            equal = _el(
                parent, "equal", toleranceMode=mode, tolerance=format_number(numeric.tolerance)
            )
        _variable(equal)
        _base(equal, "float", format_number(numeric.midpoint))
    else:
        match = _el(parent, "match")
        _variable(match)
        _el(match, "correct", identifier="RESPONSE")


def _set_feedback(
    parent: etree._Element, shown: tuple[str, ...], choice_feedback: bool, outcome: str | None
) -> None:
    wanted = [key for key in (outcome, "general", "solution") if key and key in shown]
    if not wanted and not choice_feedback:
        return
    values = _el(_el(parent, "setOutcomeValue", identifier="FEEDBACK"), "multiple")
    if choice_feedback:
        _variable(values)  # the chosen options' identifiers select their feedback
    for key in wanted:
        _base(values, "identifier", key)


def _response_processing(
    kind: str,
    numbers: tuple[NumericAnswer, ...],
    mapped: bool,
    points: str,
    shown: tuple[str, ...],
    choice_feedback: bool,
) -> etree._Element:
    """The responseProcessing of a question; empty for an essay or upload without feedback.

    `numbers`: a numerical question's answers, full marks first; `mapped`: a response that is not
    right scores its mapping (partial credit); `points`: the question's; `shown`: the
    question-level feedback it has ("correct", "incorrect", "general", "solution");
    `choice_feedback`: whether some of its options have feedback of their own.
    """
    processing = etree.Element(f"{{{QTI}}}responseProcessing")
    if kind in MANUALLY_GRADED:
        _set_feedback(processing, shown, choice_feedback, None)
        return processing
    condition = _el(processing, "responseCondition")
    right = _el(condition, "responseIf")
    _correct_condition(right, kind, numbers[0] if numbers else None)
    _variable(_el(right, "setOutcomeValue", identifier="SCORE"), "MAXSCORE")
    _set_feedback(right, shown, choice_feedback, "correct")
    for partial in numbers[1:]:  # a partly right number: the first that accepts the response
        close = _el(condition, "responseElseIf")
        _correct_condition(close, kind, partial)
        share = format_number(float(points) * partial.weight / FULL_MARKS)
        _base(_el(close, "setOutcomeValue", identifier="SCORE"), "float", share)
        _set_feedback(close, shown, choice_feedback, "incorrect")
    wrong = _el(condition, "responseElse")
    score = _el(wrong, "setOutcomeValue", identifier="SCORE")
    if mapped:
        _el(score, "mapResponse", identifier="RESPONSE")
    else:
        _base(score, "float", "0")
    _set_feedback(wrong, shown, choice_feedback, "incorrect")
    return processing


# --- the test ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Section:
    id: str
    title: str
    text_html: str
    items: list[Question | Pool] = field(default_factory=list)


def _sections(quiz: Quiz) -> Iterator[_Section]:
    """Questions grouped by the text block before them (the first group has none)."""
    taken: set[str] = set()
    current = _Section("questions", "", "")
    for item in quiz.items:
        if isinstance(item, TextBlock):
            if current.items or current.text_html:
                yield current
            section_id = unique(content_id("text", item.title + "\n" + item.text), taken)
            current = _Section(section_id, item.title, item.html)
        else:
            current.items.append(item)
    if current.items or current.text_html:
        yield current


def item_path(question: Question) -> str:
    return f"items/{question.id}.xml"


def _item_refs(section: etree._Element, questions: Iterable[Question]) -> None:
    for question in questions:
        _el(section, "assessmentItemRef", identifier=question.id, href=item_path(question))


def test_xml(quiz: Quiz, test_id: str) -> bytes:
    """The assessmentTest: one test part, a section per text block, a sub-section per pool."""
    return _serialise(test_element(quiz, test_id))


def test_element(quiz: Quiz, test_id: str) -> etree._Element:
    options = quiz.options
    root = _root(
        "assessmentTest",
        identifier=test_id,
        title=quiz.title,
        toolName="scormgen",
        toolVersion=__version__,
    )
    for identifier, base_type in (("SCORE", "float"), ("MAXSCORE", "float")):
        _el(
            root,
            "outcomeDeclaration",
            identifier=identifier,
            cardinality="single",
            baseType=base_type,
        )
    if options.mastery_pct is not None:
        _el(root, "outcomeDeclaration", identifier="PASS", cardinality="single", baseType="boolean")
    part = _el(
        root,
        "testPart",
        identifier="part",
        navigationMode="linear" if options.cant_go_back else "nonlinear",
        submissionMode="individual" if options.one_question_at_a_time else "simultaneous",
    )
    _el(
        part,
        "itemSessionControl",
        maxAttempts=str(options.attempts or 0),
        showFeedback=_bool(options.feedback != "never"),
        # QTI offers a solution once an item's session is closed, after its last attempt: the
        # nearest it comes to "after the last attempt"; "never" is false.
        showSolution=_bool(options.answers_shown != "never"),
        allowReview="true",
    )
    top = _el(part, "assessmentSection", identifier="quiz", title=quiz.title, visible="true")
    if quiz.description_html:
        append_html(
            _el(top, "rubricBlock", view="candidate"), quiz.description_html, QTI, block=True
        )
    for section in _sections(quiz):
        parent = top
        if section.id != "questions":
            parent = _el(
                top,
                "assessmentSection",
                identifier=section.id,
                title=section.title or quiz.title,
                visible="true",
            )
            append_html(
                _el(parent, "rubricBlock", view="candidate"), section.text_html, QTI, block=True
            )
        for item in section.items:
            if isinstance(item, Pool):
                pool = _el(
                    parent,
                    "assessmentSection",
                    identifier=item.id,
                    title=item.title or quiz.title,
                    visible="false",
                )
                _el(pool, "selection", select=str(item.pick))
                _el(pool, "ordering", shuffle="true")
                _item_refs(pool, item.questions)
            else:
                _item_refs(parent, [item])
    _outcome_processing(root, quiz)
    return root


def _outcome_processing(root: etree._Element, quiz: Quiz) -> None:
    processing = _el(root, "outcomeProcessing")
    total = _el(_el(processing, "setOutcomeValue", identifier="SCORE"), "sum")
    _el(total, "testVariables", variableIdentifier="SCORE")
    _base(
        _el(processing, "setOutcomeValue", identifier="MAXSCORE"),
        "float",
        format_number(quiz.total_points),
    )
    if quiz.options.mastery_pct is None:
        return
    condition = _el(processing, "outcomeCondition")
    passing = _el(condition, "outcomeIf")
    passed = _el(passing, "gte")
    _variable(passed, "SCORE")
    _base(passed, "float", format_number(quiz.total_points * quiz.options.mastery_pct / 100))
    _base(_el(passing, "setOutcomeValue", identifier="PASS"), "boolean", "true")
    otherwise = _el(condition, "outcomeElse")
    _base(_el(otherwise, "setOutcomeValue", identifier="PASS"), "boolean", "false")


# --- the package ------------------------------------------------------------------------------


def _lom(parent: etree._Element, title: str, language: str) -> None:
    general = _el(_el(parent, "lom", ns=MD), "general", ns=MD)
    _el(_el(general, "title", ns=MD), "langstring", title, ns=MD).set(XML_LANG, language)


def _item_resource(interaction: str, feedback: bool, solution: bool) -> etree._Element:
    """An item's resource with what an importer lists about the item before opening it (its title
    is in the item itself) and the item's file; identifier and hrefs left to fill in. It declares
    the manifest's namespaces, so that its copies in the manifest declare none."""
    resource = etree.Element(
        f"{{{CP}}}resource",
        nsmap=_MANIFEST_NAMESPACES,
        identifier="",
        type="imsqti_item_xmlv2p1",
        href="",
    )
    metadata = _el(_el(resource, "metadata", ns=CP), "qtiMetadata", ns=QTI_MD)
    _el(metadata, "interactionType", interaction, ns=QTI_MD)
    _el(metadata, "feedbackType", "nonadaptive" if feedback else "none", ns=QTI_MD)
    _el(metadata, "solutionAvailable", _bool(solution), ns=QTI_MD)
    _el(resource, "file", ns=CP, href="")
    return resource


def manifest_xml(
    quiz: Quiz, test_id: str, language: str = "it", media: dict[str, list[str]] | None = None
) -> bytes:
    """imsmanifest.xml: the test resource depending on one resource per item.

    `media`: the local files (images) each item, or the test (key TEST_FILE), shows.
    """
    media = media or {}
    root = etree.Element(f"{{{CP}}}manifest", nsmap=_MANIFEST_NAMESPACES)
    root.set("identifier", f"manifest-{test_id}")
    root.set(
        f"{{{XSI}}}schemaLocation",
        " ".join(
            (
                CP,
                "http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
                MD,
                "http://www.imsglobal.org/xsd/imsmd_v1p2p4.xsd",
                QTI_MD,
                "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_metadata_v2p1.xsd",
                QTI,
                QTI_SCHEMA,
            )
        ),
    )
    metadata = _el(root, "metadata", ns=CP)
    _el(metadata, "schema", "QTIv2.1 Package", ns=CP)
    _el(metadata, "schemaversion", "1.0.0", ns=CP)
    _lom(metadata, quiz.title, language)
    _el(root, "organizations", ns=CP)
    resources = _el(root, "resources", ns=CP)
    test = _el(
        resources,
        "resource",
        ns=CP,
        identifier=f"test-{test_id}",
        type="imsqti_test_xmlv2p1",
        href=TEST_FILE,
    )
    _lom(_el(test, "metadata", ns=CP), quiz.title, language)
    for href in (TEST_FILE, *media.get(TEST_FILE, ())):
        _el(test, "file", ns=CP, href=href)
    questions = list(quiz.questions())
    for question in questions:
        _el(test, "dependency", ns=CP, identifierref=question.id)
    prebuilt = Prebuilt()
    for question in questions:
        metadata = (_INTERACTION[question.kind], bool(feedback_ids(question)), question.auto_scored)
        resource = prebuilt.copy(_item_resource, *metadata)
        path = item_path(question)
        resource.set("identifier", question.id)
        resource.set("href", path)
        resource[-1].set("href", path)  # the item's file
        resources.append(resource)
        for href in media.get(question.id, ()):
            _el(resource, "file", ns=CP, href=href)
    return _serialise(root)


def package_files(quiz: Quiz, test_id: str, language: str = "it") -> dict[str, bytes]:
    """The files of the content package, by path inside the zip, images included."""
    files: dict[str, bytes] = {}
    media: dict[str, list[str]] = {}
    prebuilt = Prebuilt()
    # Each item is serialised before the next is built: a bank's trees are never all in memory.
    documents = chain(
        [(TEST_FILE, TEST_FILE, test_element(quiz, test_id), 1)],
        (
            (
                question.id,
                item_path(question),
                item_element(question, quiz.options, prebuilt),
                question.line,
            )
            for question in quiz.questions()
        ),
    )
    for key, path, root, line in documents:
        files[path] = _serialise(root)
        media[key] = sorted(set(_local_images(root)))
        for src in media[key]:
            files[src] = _read_media(quiz, src, line)
    files["imsmanifest.xml"] = manifest_xml(quiz, test_id, language, media)
    return files


def _local_images(root: etree._Element) -> Iterator[str]:
    for image in root.iter(f"{{{QTI}}}img"):
        src = image.get("src", "")
        if src and not _REMOTE.match(src):
            yield src


def _read_media(quiz: Quiz, src: str, line: int) -> bytes:
    """The bytes of an image a quiz shows, found beside the quiz file and held to the rules of
    quiz_image()."""
    try:
        if quiz.source is None:  # a quiz that was not read from a file has no folder
            raise FileNotFoundError(src)
        return quiz_image(quiz.source, src).read_bytes()
    except FileNotFoundError:
        raise QuizError(
            t("image '{src}' not found beside the quiz file", src=src), quiz.source, line
        ) from None
    except ContentError as error:
        raise QuizError(error.message, quiz.source, line) from None


def package_bytes(quiz: Quiz, test_id: str, language: str = "it") -> bytes:
    """The IMS content package as a deterministic zip."""
    return deterministic_zip(package_files(quiz, test_id, language))
