"""The assessment written out: JSON and CSV for the records, a table, a self-contained HTML
report."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import sys

import pytest
from lxml import html

from course_model import i18n, problems
from course_model.errors import ConfigError
from course_model.plan import load_course_plan
from course_model.problems import Problem
from course_model.standard import load_standard
from moodle_sync.files.credits import Credit
from moodle_sync.files.register import Attendance
from moodle_sync.files.snapshot import ScoResult, Snapshot
from moodle_sync.reports.eligibility_report import render
from moodle_sync.rules.eligibility import Assessment, assess
from tests.conftest import write_content
from tests.moodle_sync.sample_snapshot import learner, snapshot

SCORE_120 = Problem(problems.SCORE_OUTSIDE, {"raw": "120", "low": "0", "high": "100"}, attempt=1)


@pytest.fixture(scope="module")
def assessed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Assessment, Snapshot]:
    content = write_content(tmp_path_factory.mktemp("course") / "content")
    anna = dataclasses.replace(learner("anna"), fullname="Anna <b>Bianchi</b>")
    bruno = learner(
        "bruno", quiz=ScoResult("failed", 45, 600, "total_time", 1, problems=(SCORE_120,))
    )
    snap = snapshot(anna, bruno)
    register = [
        Attendance(name, dt.date(2027, 2, day), dt.time(9), dt.time(13), "aula", day + 1)
        for name in ("anna", "bruno")
        for day in range(1, 23)
    ]
    credits = [Credit("anna", 2.5, "Attestato sicurezza", 2)]
    i18n.use("it")  # the reasons are written in the language of the run
    try:
        return assess(
            snap,
            register,
            credits,
            load_standard(content / "standard.yml"),
            load_course_plan(content / "course.yml"),
        ), snap
    finally:
        i18n.use("en")


@pytest.fixture(autouse=True)
def in_italian(italian: None) -> None:
    """The report speaks the administrator's language: these tests read it in Italian."""


def test_json_is_a_list_of_learners(assessed: tuple[Assessment, Snapshot]) -> None:
    records = json.loads(render(*assessed, "json"))
    assert [(r["username"], r["eligible"]) for r in records] == [("anna", True), ("bruno", False)]
    anna = records[0]
    assert anna["credited_hours"] == {
        "aula": 88,
        "sync": 0,
        "async": 2,
        "lab": 0,
        "stage": 0,
        "credits": 2.5,
        "total": 92.5,
    }
    assert anna["reasons"] == [] and anna["threshold_hours"] == 88
    assert records[1]["reasons"] == [
        "UF1 (1784) – verifica non superata: punteggio 45 %, minimo 60 %; "
        "valori non validi: tentativo 1: punteggio 120 fuori dall'intervallo 0..100",
        "UF2 (1790) – verifica non superata: punteggio 45 %, minimo 60 %; "
        "valori non validi: tentativo 1: punteggio 120 fuori dall'intervallo 0..100",
    ]
    assert [u["passed"] for u in records[1]["units"]] == [False, False]


def test_csv_one_row_per_learner(assessed: tuple[Assessment, Snapshot]) -> None:
    rows = list(csv.DictReader(io.StringIO(render(*assessed, "csv"))))
    assert [(r["username"], r["eligible"], r["total"]) for r in rows] == [
        ("anna", "true", "92.5"),
        ("bruno", "false", "90.0"),
    ]
    assert rows[1]["uf1-utente"] == "not passed" and rows[0]["uf2-manutenzione"] == "passed"
    assert rows[1]["reasons"].count(" | ") == 1


def test_table_for_the_terminal(assessed: tuple[Assessment, Snapshot]) -> None:
    text = render(*assessed, "table")
    assert text.startswith(
        "Soglia di frequenza 88 h (80 % di 110 h); e-learning sincrono max 60 h, asincrono max "
        "60 h; ingresso entro il 20/03/2027."
    )
    assert "UF1:ok UF2:ok" in text and "UF1:NO UF2:NO" in text
    assert "    - UF1 (1784) – verifica non superata: punteggio 45 %" in text
    assert text.rstrip().endswith("Ammessi all'esame finale: 1 su 2.")


def _cells(row: html.HtmlElement) -> str:
    return " ".join(" ".join(cell.text_content().split()) for cell in row)


def test_html_is_self_contained_and_shows_what_an_auditor_needs(
    assessed: tuple[Assessment, Snapshot],
) -> None:
    page = render(*assessed, "html")
    tree = html.fromstring(page)
    assert not tree.xpath("//script | //link | //img | //iframe")
    assert not [v for v in tree.xpath("//@src | //@href") if not v.startswith("#")]
    assert "Anna &lt;b&gt;Bianchi&lt;/b&gt;" in page  # names are escaped
    chart = tree.xpath("//*[local-name()='svg']")[0]
    bars = chart.xpath(".//*[local-name()='rect'][*[local-name()='title']]")
    assert len(bars) == 3 + 2  # anna: aula, async, credits; bruno: aula, async
    # Told apart by pattern, not colour alone: each modality has its own, shown in the legend.
    fills = {bar.get("fill") for bar in bars}
    assert fills == {"url(#p-solid)", "url(#p-dots)", "url(#p-light)"}
    assert chart.xpath(".//*[local-name()='line']") and "soglia 88 h" in chart.xpath("string(.)")
    assert "Crediti di frequenza" in chart.xpath("string(.)")  # the legend is in the chart
    anna = tree.get_element_by_id("u-anna")
    text = anna.text_content()
    assert "ammesso" in text and "Attestato sicurezza" in text
    register = anna.xpath(".//caption[.='Registro presenze']/../tbody/tr")
    assert [_cells(row) for row in register] == [
        "Aula 22 01/02/2027 22/02/2027 88 h"
    ]  # summed by modality, not a row per session
    rows = [_cells(row) for row in anna.xpath(".//table[2]/tbody/tr")]
    assert rows[0] == "UF1 (1784)" and rows[4] == "UF2 (1790)" and len(rows) == 8
    assert (
        rows[1].startswith("Lezione 1 completato")
        and "Verifica (verifica) superato 80 %" in rows[3]
    )
    bruno = tree.get_element_by_id("u-bruno").text_content()
    assert "non ammesso" in bruno
    assert "tentativo 1: punteggio 120 fuori dall'intervallo 0..100" in bruno
    assert "1 su 2" in tree.xpath("string(//dl)")


def test_html_names_learners_in_full_and_the_course_director_signs(
    assessed: tuple[Assessment, Snapshot],
) -> None:
    tree = html.fromstring(render(*assessed, "html"))
    learners = [
        " ".join(th.text_content().split()) for th in tree.xpath("//tbody/tr/th[@scope='row']")
    ]
    assert learners[:2] == ["Anna <b>Bianchi</b> anna", "Bruno bruno"]
    signature = " ".join(tree.xpath("//section[@class='signature']")[0].text_content().split())
    assert signature == "Il direttore del corso Luogo Data Nome e cognome Firma"
    style = tree.xpath("string(//style)")
    assert 'content: "pagina " counter(page) " di " counter(pages) ""' in style
    assert "size: A4" in style


def test_the_chart_marks_hours_below_the_threshold_apart_from_other_reasons(
    assessed: tuple[Assessment, Snapshot],
) -> None:
    assessment, snap = assessed
    short = dataclasses.replace(
        assessment.verdicts[0],
        credited=dataclasses.replace(assessment.verdicts[0].credited, aula=10),
        reasons=("frequenza insufficiente",),
    )
    verdicts = (short, assessment.verdicts[1])
    tree = html.fromstring(render(dataclasses.replace(assessment, verdicts=verdicts), snap, "html"))
    totals = [
        text.text_content()
        for text in tree.xpath("//*[local-name()='svg']//*[local-name()='text']")
        if " h" in text.text_content() and "soglia" not in text.text_content()
    ]
    assert totals == ["14,5 h ▽", "90 h ✗"]


def test_html_follows_the_language(assessed: tuple[Assessment, Snapshot]) -> None:
    i18n.use("en")
    tree = html.fromstring(render(*assessed, "html"))
    assert tree.get("lang") == "en" and tree.xpath("string(//h1)") == "Admission to the final exam"
    assert "The course director" in tree.text_content() and "threshold 88 h" in tree.text_content()


def test_an_empty_assessment_renders_everywhere(assessed: tuple[Assessment, Snapshot]) -> None:
    empty = dataclasses.replace(assessed[0], verdicts=())
    for fmt in ("table", "csv", "json", "html"):
        assert render(empty, assessed[1], fmt)


def test_csv_cells_are_never_spreadsheet_formulas(assessed: tuple[Assessment, Snapshot]) -> None:
    assessment, snap = assessed
    verdict = dataclasses.replace(
        assessment.verdicts[0], fullname='=HYPERLINK("http://x","y")', username="@anna"
    )
    text = render(dataclasses.replace(assessment, verdicts=(verdict,)), snap, "csv")
    row = next(csv.DictReader(io.StringIO(text)))
    assert (row["username"], row["fullname"]) == ("'@anna", '\'=HYPERLINK("http://x","y")')


def test_a_pdf_without_weasyprint_is_a_one_line_error(
    assessed: tuple[Assessment, Snapshot], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    with pytest.raises(ConfigError, match=r"^il formato PDF richiede WeasyPrint: pip install"):
        render(*assessed, "pdf")
