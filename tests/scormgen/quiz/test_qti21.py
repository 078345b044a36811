from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from course_model.errors import QuizError
from scormgen.quiz import qti21
from scormgen.quiz.gift import parse_gift
from scormgen.quiz.parser import parse_quiz

from .conftest import assert_valid
from .test_parser import EVERY_KIND, parse, quiz_lines

NS = {"q": qti21.QTI, "cp": qti21.CP, "md": qti21.MD, "qm": qti21.QTI_MD}
RICH = """\
    Quiz title: Testi ricchi
    Quiz description: Con **tabella**:

      | a | b |
      |:--|--:|
      | 1 | 2 |

    1.  Una nota[^1] e un [collegamento](https://example.org) e ~~barrato~~ <u>sottolineato</u>.

        [^1]: La nota.

        !!! note "Attenzione"
            Un riquadro.

        ![Schema](media/schema.png)
    ... Vedi <mark>qui</mark> & là.
    *a) Scelta con `codice` e &amp;
    b)  > Citazione
"""


def xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


@pytest.fixture(scope="module")
def package() -> dict[str, bytes]:
    return qti21.package_files(parse(EVERY_KIND), "uf1-assistenza-utente")


def test_every_item_the_test_and_the_manifest_are_valid(package, qti_schema, manifest_schema):
    assert len([name for name in package if name.startswith("items/")]) == 10
    for name, data in package.items():
        assert_valid(manifest_schema if name == "imsmanifest.xml" else qti_schema, data, name)


def test_rich_markdown_becomes_valid_qti_xhtml(qti_schema):
    quiz = parse(RICH)
    question = next(quiz.questions())
    item = qti21.item_xml(question, quiz.options)
    assert_valid(qti_schema, item, "rich item")
    body = xml(item).find("q:itemBody", NS)
    text = etree.tostring(body, encoding="unicode")
    assert "barrato" in text and "sottolineato" in text and "Un riquadro." in text
    assert body.find(".//q:img", NS).get("alt") == "Schema"
    assert_valid(qti_schema, qti21.test_xml(quiz, "t"), "rich test")


def test_choice_items_score_the_points_of_the_question(package):
    item = xml(
        package[next(n for n in package if n.startswith("items/") and b"Definizione" in package[n])]
    )
    assert item.get("title") == "Definizione"
    assert item.findtext("q:responseDeclaration/q:correctResponse/q:value", namespaces=NS) == "a"
    maximum = item.find("q:outcomeDeclaration[@identifier='MAXSCORE']", NS)
    assert maximum.findtext("q:defaultValue/q:value", namespaces=NS) == "2"
    interaction = item.find("q:itemBody/q:choiceInteraction", NS)
    assert (interaction.get("maxChoices"), interaction.get("shuffle")) == ("1", "true")
    feedback = [f.get("identifier") for f in item.findall("q:modalFeedback", NS)]
    assert feedback == ["a", "correct", "incorrect", "general", "solution"]


def items_by_kind(package) -> dict[str, etree._Element]:
    found = {}
    for name, data in package.items():
        if name.startswith("items/"):
            item = xml(data)
            interaction = item.find("q:itemBody//*[@responseIdentifier]", NS)
            base_type = item.find("q:responseDeclaration", NS).get("baseType")
            found[f"{etree.QName(interaction).localname}/{base_type}"] = item
    return found


def test_each_kind_has_its_interaction_and_response(package):
    items = items_by_kind(package)
    assert set(items) == {
        "choiceInteraction/identifier",
        "textEntryInteraction/string",
        "textEntryInteraction/float",
        "extendedTextInteraction/string",
        "uploadInteraction/file",
        "matchInteraction/directedPair",
        "orderInteraction/identifier",
    }
    short = items["textEntryInteraction/string"]
    entries = short.findall("q:responseDeclaration/q:mapping/q:mapEntry", NS)
    assert [(e.get("mapKey"), e.get("caseSensitive")) for e in entries] == [
        ("CRM", "false"),
        ("C.R.M.", "false"),
    ]
    numeric = items["textEntryInteraction/float"].find(".//q:responseIf/q:equal", NS)
    assert (numeric.get("toleranceMode"), numeric.get("tolerance")) == ("absolute", "0.5")
    matching = items["matchInteraction/directedPair"]
    assert [v.text for v in matching.findall(".//q:correctResponse/q:value", NS)] == [
        "s1 t1",
        "s2 t1",
        "s3 t2",
    ]
    targets = matching.findall("q:itemBody/q:matchInteraction/q:simpleMatchSet", NS)[1]
    assert [t.text for t in targets] == ["mammifero", "uccello", "pesce"]
    ordering = items["orderInteraction/identifier"]
    assert ordering.find("q:responseDeclaration", NS).get("cardinality") == "ordered"
    assert [v.text for v in ordering.findall(".//q:correctResponse/q:value", NS)] == [
        "o1",
        "o2",
        "o3",
    ]
    essay = items["extendedTextInteraction/string"]
    assert essay.find("q:responseProcessing", NS) is None  # scored by a person


def mapped(item: etree._Element) -> dict[str, float]:
    mapping = item.find("q:responseDeclaration/q:mapping", NS)
    assert (mapping.get("lowerBound"), mapping.get("defaultValue")) == ("0", "0")
    return {e.get("mapKey"): float(e.get("mappedValue")) for e in mapping}


def test_multiple_answers_score_the_models_weights_by_a_mapping_bounded_at_zero(qti_schema):
    quiz = parse_quiz(
        "Points: 3\n1.  Quali?\n[*] uno\n[*] due\n[*] tre\n[ ] quattro\n[ ] cinque\n\n"
        "1.  Quale?\n*a) sì\nb)  no\n"
    )
    multiple, single = (qti21.item_xml(q, quiz.options) for q in quiz.questions())
    assert_valid(qti_schema, multiple)
    item = xml(multiple)
    weights = mapped(item)
    # Each right option 1/3 of the 3 points, exactly 3 in all; each wrong one takes 1/2.
    assert weights == {"a": 0.9999999, "b": 0.9999999, "c": 1.0000002, "d": -1.5, "e": -1.5}
    assert sum(v for v in weights.values() if v > 0) == pytest.approx(3, abs=1e-12)
    assert item.find("q:responseDeclaration/q:mapping", NS).get("upperBound") == "3"
    # All right: full marks (and the "correct" feedback); otherwise what the mapping gives.
    processing = item.find("q:responseProcessing/q:responseCondition", NS)
    assert processing.find("q:responseIf/q:match", NS) is not None
    assert processing.find("q:responseElse/q:setOutcomeValue/q:mapResponse", NS) is not None
    # A single choice without partial credit is right or wrong.
    assert xml(single).find("q:responseDeclaration/q:mapping", NS) is None


def test_weighted_options_short_answers_and_numbers_give_partial_credit(qti_schema):
    quiz = parse_gift(
        "Dove? {~Gerusalemme ~%25%Betlemme =Nazaret}\n\n"
        "Chi? {=Nazareth =%75%Nazereth}\n\n"
        "Quando? {#=1822:0 =%50%1822:2}\n"
    )
    single, short, number = (qti21.item_xml(q, quiz.options) for q in quiz.questions())
    for item in (single, short, number):
        assert_valid(qti_schema, item)
    assert mapped(xml(single)) == {"a": 0, "b": 0.25, "c": 1}
    assert mapped(xml(short)) == {"Nazareth": 1, "Nazereth": 0.75}
    full = xml(short).find(".//q:responseIf/q:gte", NS)
    assert [etree.QName(e).localname for e in full] == ["mapResponse", "variable"]
    # The number within 2 of 1822 but not 1822 itself scores half the points.
    close = xml(number).find(".//q:responseElseIf", NS)
    assert close.find("q:equal", NS).get("tolerance") == "2"
    assert close.findtext("q:setOutcomeValue/q:baseValue", namespaces=NS) == "0.5"


@pytest.mark.parametrize(
    "answer, check",
    [
        (
            "=   [1.2, 1.3]",
            lambda rp: (
                [e.tag.split("}")[1] for e in rp.find(".//q:responseIf/q:and", NS)]
                == ["gte", "lte"]
            ),
        ),
        ("=   200 +- 1%", lambda rp: rp.find(".//q:equal", NS).get("toleranceMode") == "relative"),
        ("=   5", lambda rp: rp.find(".//q:equal", NS).get("toleranceMode") == "exact"),
    ],
)
def test_numerical_tolerances(answer, check, qti_schema):
    quiz = parse_quiz(f"1.  Quanto?\n{answer}\n")
    item = qti21.item_xml(next(quiz.questions()), quiz.options)
    assert_valid(qti_schema, item)
    assert check(xml(item).find("q:responseProcessing", NS))


def test_the_test_has_sections_for_text_and_pools(package):
    test = xml(package[qti21.TEST_FILE])
    part = test.find("q:testPart", NS)
    control = part.find("q:itemSessionControl", NS)
    assert (control.get("maxAttempts"), control.get("showFeedback")) == ("2", "true")
    top = part.find("q:assessmentSection", NS)
    assert len(top.findall("q:assessmentItemRef", NS)) == 8
    text = top.find("q:assessmentSection", NS)
    assert text.findtext("q:rubricBlock/q:p", namespaces=NS) == "Ora un gruppo."
    pool = text.find("q:assessmentSection", NS)
    assert pool.find("q:selection", NS).get("select") == "1"
    assert len(pool.findall("q:assessmentItemRef", NS)) == 2
    assert (
        test.findtext(".//q:setOutcomeValue[@identifier='MAXSCORE']/q:baseValue", namespaces=NS)
        == "12"
    )
    assert test.findtext(".//q:outcomeIf/q:gte/q:baseValue", namespaces=NS) == "7.2"  # 60 % of 12


def test_manifest_lists_the_test_and_every_item(package):
    manifest = xml(package["imsmanifest.xml"])
    resources = manifest.findall("cp:resources/cp:resource", NS)
    assert resources[0].get("type") == "imsqti_test_xmlv2p1"
    items = resources[1:]
    assert {r.get("type") for r in items} == {"imsqti_item_xmlv2p1"}
    assert [d.get("identifierref") for d in resources[0].findall("cp:dependency", NS)] == [
        r.get("identifier") for r in items
    ]
    for resource in items:
        assert resource.find("cp:file", NS).get("href") in package
        assert resource.findtext("cp:metadata/qm:qtiMetadata/qm:interactionType", namespaces=NS)


def test_options_reach_the_test_part():
    quiz = parse_quiz(
        "One question at a time: true\nCan't go back: true\nFeedback: never\n\n"
        "1.  D?\n*a) s\nb)  n\n"
    )
    part = xml(qti21.test_xml(quiz, "t")).find("q:testPart", NS)
    assert (part.get("navigationMode"), part.get("submissionMode")) == ("linear", "individual")
    control = part.find("q:itemSessionControl", NS)
    assert (control.get("maxAttempts"), control.get("showFeedback")) == ("0", "false")
    assert control.get("showSolution") == "true"


@pytest.mark.parametrize(
    "options, shown",
    [
        ("Mastery: 60%\nAttempts: 2\n", "true"),  # after the last attempt
        ("Show answers: after-each-attempt\n", "true"),
        ("Show answers: never\n", "false"),
        ("Show correct answers: false\n", "false"),
    ],
)
def test_the_solution_is_offered_unless_answers_are_never_shown(options, shown):
    quiz = parse_quiz(f"{options}\n1.  D?\n*a) s\nb)  n\n")
    control = xml(qti21.test_xml(quiz, "t")).find("q:testPart/q:itemSessionControl", NS)
    assert control.get("showSolution") == shown


def test_the_zip_is_deterministic(monkeypatch):
    quiz = parse(EVERY_KIND)
    first = qti21.package_bytes(quiz, "uf1")
    assert qti21.package_bytes(parse(EVERY_KIND), "uf1") == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with zipfile.ZipFile(io.BytesIO(qti21.package_bytes(quiz, "uf1"))) as archive:
        assert archive.infolist()[0].date_time[0] == 2023


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(quiz_lines)
def test_whatever_parses_gives_valid_qti(qti_schema, lines):
    try:
        quiz = parse_quiz("\n".join(lines), "fuzz.md")
    except QuizError:
        return
    for question in quiz.questions():
        assert_valid(qti_schema, qti21.item_xml(question, quiz.options), question.id)
    assert_valid(qti_schema, qti21.test_xml(quiz, "fuzz"), "test")


def test_images_beside_the_quiz_are_packaged(tmp_path, manifest_schema):
    from scormgen.quiz.parser import parse_quiz_file

    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "schema.png").write_bytes(b"\x89PNG fake")
    source = tmp_path / "uf1.md"
    source.write_text(
        "1.  Guarda lo schema:\n\n    ![Schema](media/schema.png)\n*a) Sì\nb)  No\n"
        "2.  Remota ![x](https://example.org/x.png)\n*a) Sì\nb)  No\n",
        encoding="utf-8",
    )
    files = qti21.package_files(parse_quiz_file(source), "uf1")
    assert files["media/schema.png"] == b"\x89PNG fake"
    assert_valid(manifest_schema, files["imsmanifest.xml"])
    hrefs = [f.get("href") for f in xml(files["imsmanifest.xml"]).iterfind(".//cp:file", NS)]
    assert "media/schema.png" in hrefs and not any("example.org" in h for h in hrefs)


@pytest.mark.parametrize(
    "src, message", [("media/manca.png", "not found"), ("../fuori.png", "relative path")]
)
def test_images_that_cannot_be_packaged_are_errors(tmp_path, src, message):
    from scormgen.quiz.parser import parse_quiz_file

    source = tmp_path / "uf1.md"
    source.write_text(f"Points: 1\n1.  Guarda ![x]({src})\n*a) Sì\nb)  No\n", encoding="utf-8")
    with pytest.raises(QuizError, match=message) as caught:
        qti21.package_files(parse_quiz_file(source), "uf1")
    assert (caught.value.path, caught.value.line) == (source, 2)
