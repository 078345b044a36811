import json
import re

import pytest

from course_model.errors import ContentError
from scormgen.build import build
from scormgen.render.pages import PageRenderer, screen_title
from scormgen.structure.course import load_course


def sco_config(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="sco-config">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def rendered_unit(course_dir, unit_id="uf1-prima"):
    course = load_course(course_dir)
    renderer = PageRenderer(course)
    unit = course.unit(unit_id)
    return renderer.render_unit(unit, renderer.read_quiz(unit))


def test_the_unit_quiz_becomes_the_verifica_sco_after_the_lessons(course_dir):
    rendered = rendered_unit(course_dir)
    quiz = rendered.scos[-1]
    assert (quiz.id, quiz.kind, quiz.href, quiz.files) == (
        "verifica",
        "quiz",
        "verifica.html",
        ("verifica.html",),
    )
    assert quiz.duration == 10  # unit.yml quiz_duration
    assert quiz.mastery == 60  # the unit's mastery: the quiz file sets none
    assert [s.kind for s in rendered.scos[:-1]] == ["lesson", "lesson"]


def test_each_lesson_ends_naming_what_comes_next(course_dir):
    rendered = rendered_unit(course_dir)
    opening, closing = (rendered.files[f"{s.id}.html"].decode("utf-8") for s in rendered.scos[:2])
    assert "Prossima lezione: <strong>Chiusura</strong>." in opening
    assert '<a href="chiusura.html">' in opening  # followed only where there is no LMS
    assert "Ora puoi affrontare la verifica: <strong>Prova</strong>." in closing
    assert '<a href="verifica.html">' in closing


def test_a_mastery_option_in_the_quiz_wins_over_the_unit(course_dir):
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.write_text("Mastery: 80%\n" + quiz.read_text(encoding="utf-8"), encoding="utf-8")
    assert rendered_unit(course_dir).scos[-1].mastery == 80


def test_the_quiz_page_is_rendered_from_the_model(course_dir):
    html = rendered_unit(course_dir).files["verifica.html"].decode("utf-8")
    config = sco_config(html)
    assert (config["kind"], config["sco"], config["unit"]) == ("quiz", "verifica", "uf1-prima")
    assert config["quiz"]["questions"][0]["correct"] == [0]
    assert config["text"]["submit"] == "Consegna"
    assert '<button type="submit" id="quiz-submit">Consegna</button>' in html
    assert 'type="radio"' in html and "<label" in html
    assert "serve almeno il 60 % del punteggio" in html


def test_lesson_pages_list_their_screens_by_heading(course_dir):
    html = rendered_unit(course_dir).files["apertura.html"].decode("utf-8")
    assert sco_config(html)["kind"] == "lesson"
    titles = re.findall(r'data-goto="\d+">([^<]+)<', html)
    assert titles == ["Apertura", "Seconda schermata", "Autoverifica"]
    assert "Schermata 1 di 3" in html
    assert 'aria-label="Navigazione della lezione"' in html


def test_screen_title_falls_back_to_the_screen_number():
    assert screen_title("<h2 id='x'>Il <em>CRM</em></h2><p>t</p>", 2) == "Il CRM"
    assert screen_title("<p>Solo testo</p>", 4) == "Schermata 4"


def test_the_report_lists_the_quiz_sco(course_dir, tmp_path):
    summary = build(course_dir, tmp_path / "out")
    scos = summary["units"][0]["scos"]
    assert scos[-1] == {"id": "verifica", "title": "Prova", "kind": "quiz", "duration": 10}


def test_the_quiz_travels_as_qti_in_an_asset_resource_that_validates(
    course_dir, tmp_path, schema_set
):
    import zipfile

    from lxml import etree

    from scormgen.authoring.validate import validate_package

    build(course_dir, tmp_path / "out")
    for package in sorted((tmp_path / "out").glob("scorm*/uf1-prima.zip")):
        with zipfile.ZipFile(package) as archive:
            names = set(archive.namelist())
            manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        resource = next(r for r in manifest.iter("{*}resource") if r.get("identifier") == "RES-qti")
        listed = {f.get("href") for f in resource.iter("{*}file")}
        assert "qti/assessment.xml" in listed and listed <= names
        assert any(name.startswith("qti/items/") for name in listed)
        assert [p for p in validate_package(package, schema_set) if p.severity == "error"] == []


def test_the_quiz_description_and_texts_are_markup_not_escaped_text(course_dir):
    quiz = course_dir.parent / "quizzes" / "uf1-prima.md"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace(
            "Quiz title: Prova\n",
            "Quiz title: Prova\nQuiz description: Leggi **bene** ogni domanda.\n",
        )
        + "\nText: Le ultime sono *estratte*.\n",
        encoding="utf-8",
    )
    html = rendered_unit(course_dir).files["verifica.html"].decode("utf-8")
    assert "<p>Leggi <strong>bene</strong> ogni domanda.</p>" in html
    assert "<p>Le ultime sono <em>estratte</em>.</p>" in html
    assert "&lt;p&gt;" not in html


def test_lesson_pages_list_the_glossary_terms_they_use(course_dir):
    (course_dir / "glossary.yml").write_text(
        "- {term: e-mail, it: posta elettronica, definition: Messaggio elettronico.}\n"
        "- {term: help desk, definition: Servizio di assistenza.}\n"
        "- {term: lead, definition: Contatto interessato.}\n",
        encoding="utf-8",
    )
    lesson = course_dir / "uf1-prima" / "01-apertura.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace(
            "Primo paragrafo",
            "Scrivi una E-mail all'Help  Desk; leadership non è un termine del glossario.",
        ),
        encoding="utf-8",
    )
    html = rendered_unit(course_dir).files["apertura.html"].decode("utf-8")
    glossary = html[html.index('class="glossary"') :]
    assert "<dt>e-mail" in glossary and "<dt>help desk" in glossary
    assert "<dt>lead" not in glossary


CASE = """\
---
title: "Il caso: Ceramiche <Vesuviane>"
story_year: 2027
---

# Il caso aziendale

Lavori con **Ceramiche Vesuviane**.

<script>alert(1)</script>
"""


def test_every_page_links_the_case_company_profile_packaged_as_a_shared_page(course_dir, tmp_path):
    import zipfile

    from lxml import etree

    from course_model.identifiers import SHARED_RESOURCE_ID
    from scormgen.authoring.validate import validate_package

    (course_dir / "azienda.md").write_text(CASE, encoding="utf-8")
    rendered = rendered_unit(course_dir)
    link = (
        '<a href="shared/azienda.html" target="_blank" rel="noopener">'
        "Il caso: Ceramiche &lt;Vesuviane&gt;"
    )
    assert [sco.kind for sco in rendered.scos] == ["lesson", "lesson", "quiz"]
    for sco in rendered.scos:
        assert link in rendered.files[sco.href].decode("utf-8")
    page = rendered.files["shared/azienda.html"].decode("utf-8")
    assert "shared/azienda.html" in rendered.shared_files
    assert '<link rel="stylesheet" href="course.css">' in page
    assert "<strong>Ceramiche Vesuviane</strong>" in page
    # A reference page: no script at all, so it never looks for the LMS's API.
    assert "<script" not in page and "runtime.js" not in page

    build(course_dir, tmp_path / "out")
    for package in sorted((tmp_path / "out").glob("scorm*/uf1-prima.zip")):
        with zipfile.ZipFile(package) as archive:
            assert archive.read("shared/azienda.html").decode("utf-8") == page
            manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        shared = next(
            r for r in manifest.iter("{*}resource") if r.get("identifier") == SHARED_RESOURCE_ID
        )
        assert "shared/azienda.html" in {f.get("href") for f in shared.iter("{*}file")}
        assert [p for p in validate_package(package) if p.severity == "error"] == []


def test_without_a_profile_no_page_and_no_link(course_dir):
    rendered = rendered_unit(course_dir)
    assert "shared/azienda.html" not in rendered.files
    assert all(b"azienda.html" not in data for data in rendered.files.values())


def test_the_preview_serves_the_case_page_the_pages_link(course_dir):
    from scormgen.authoring.preview import Preview

    (course_dir / "azienda.md").write_text(CASE, encoding="utf-8")
    preview = Preview(course_dir)
    preview.rebuild()
    body, kind = preview.routes()["/sco/"]("shared/azienda.html")
    assert kind.startswith("text/html") and b"<strong>Ceramiche Vesuviane</strong>" in body


def _link(course_dir, lesson: str, text: str) -> None:
    path = course_dir / "uf1-prima" / lesson
    path.write_text(path.read_text().replace("Primo paragrafo", f"{text} Primo paragrafo"))


def test_links_to_lessons_open_their_page_for_reference_at_the_heading(course_dir):
    _link(course_dir, "01-apertura.md", "[avanti](02-chiusura.md#seconda-schermata)")
    _link(course_dir, "02-chiusura.md", "[indietro](01-apertura.md) e [qui](#autoverifica)")
    files = rendered_unit(course_dir).files
    opening, closing = files["apertura.html"].decode(), files["chiusura.html"].decode()
    assert (
        '<a href="chiusura.html?consulta=1#s2-seconda-schermata" target="_blank" '
        'rel="noopener noreferrer">avanti</a>'
    ) in opening
    assert 'href="apertura.html?consulta=1" target="_blank"' in closing
    assert '<a href="#s3-autoverifica" rel="noopener noreferrer">qui</a>' in closing
    assert 'id="s2-seconda-schermata"' in closing and 'id="s3-autoverifica"' in closing


@pytest.mark.parametrize(
    "link, message",
    [
        (
            "[x](02-chiusura.md#seconda-schermta)",
            "link to '02-chiusura.md#seconda-schermta': lesson 'chiusura' has no heading "
            "'#seconda-schermta'; did you mean 'seconda-schermata'?",
        ),
        ("[x](#nessuno)", "link to '#nessuno': lesson 'apertura' has no heading '#nessuno'"),
    ],
)
def test_a_link_to_a_missing_heading_is_an_error_of_its_line(course_dir, link, message):
    _link(course_dir, "01-apertura.md", link)
    course = load_course(course_dir)
    renderer = PageRenderer(course)
    unit = course.unit("uf1-prima")
    with pytest.raises(ContentError) as refused:
        renderer.render_unit(unit, renderer.read_quiz(unit))
    assert (refused.value.path, refused.value.line) == (unit.lessons[0].path, 11)
    assert refused.value.message == message


def test_common_words_are_listed_only_where_the_lesson_names_them(course_dir):
    (course_dir / "glossary.yml").write_text(
        "- {term: problema, common: true, definition: Causa di incidenti.}\n"
        "- {term: ticket, definition: Segnalazione.}\n",
        encoding="utf-8",
    )
    for name, glossary in (("01-apertura.md", ""), ("02-chiusura.md", "glossary: [problema]\n")):
        lesson = course_dir / "uf1-prima" / name
        text = lesson.read_text(encoding="utf-8").replace(
            "Primo paragrafo", "Un problema, un ticket."
        )
        lesson.write_text(text.replace("---\n", "---\n" + glossary, 1) if glossary else text)
    files = rendered_unit(course_dir).files
    listed = {
        page: re.findall(
            r"<dt>(\w+)", files[page].decode()[files[page].decode().index('class="glossary"') :]
        )
        for page in ("apertura.html", "chiusura.html")
    }
    assert listed == {"apertura.html": ["ticket"], "chiusura.html": ["problema", "ticket"]}


def test_a_lesson_can_only_name_terms_of_the_glossary(course_dir):
    (course_dir / "glossary.yml").write_text(
        "- {term: problema, common: true, definition: Causa di incidenti.}\n", encoding="utf-8"
    )
    lesson = course_dir / "uf1-prima" / "01-apertura.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("---\n", "---\nglossary: [problem]\n", 1)
    )
    with pytest.raises(ContentError) as refused:
        load_course(course_dir)
    assert str(refused.value) == (
        f"{lesson}:2: glossary: 'problem' is not a term of glossary.yml; did you mean 'problema'?"
    )
