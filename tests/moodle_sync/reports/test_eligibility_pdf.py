"""The report an auditor files: the PDF of a 30-learner edition, read back with pypdf."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Iterator

import pytest

from course_model import i18n
from course_model.plan import load_course_plan
from course_model.standard import load_standard
from moodle_sync.files.register import Attendance
from moodle_sync.files.snapshot import Learner, ScoInfo, ScoResult, Snapshot, UnitInfo, UnitResult
from moodle_sync.reports.eligibility_report import render
from moodle_sync.rules.eligibility import Assessment, assess
from tests.conftest import write_content
from tests.moodle_sync.sample_snapshot import ADMITTED, UNITS, snapshot

pypdf = pytest.importorskip("pypdf")
try:
    import weasyprint  # noqa: F401 (the report imports it when a PDF is asked for)
except (ImportError, OSError) as missing:  # OSError: WeasyPrint without the Pango library
    pytest.skip(f"WeasyPrint cannot run here: {missing}", allow_module_level=True)

LEARNERS = 30
LESSONS = 17  # and a verification: 36 SCOs in two units, as many as the real course's four


def _units() -> tuple[UnitInfo, ...]:
    return tuple(
        UnitInfo(
            unit_id,
            code,
            f"Unità {code}",
            base,
            base,
            60,
            tuple(
                ScoInfo(base + i, f"ITEM-{i:02d}", f"Lezione {i + 1} dell'unità", "lesson", 30)
                for i in range(LESSONS)
            )
            + (ScoInfo(base + 99, "ITEM-quiz", "Verifica finale", "quiz", 30, 60),),
        )
        for unit_id, code, base in UNITS
    )


def _learner(number: int, units: tuple[UnitInfo, ...]) -> Learner:
    at = dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC)
    # Every third learner fails the verification, every fifth spent little time.
    quiz = ScoResult(
        "failed" if number % 3 == 0 else "passed",
        40 if number % 3 == 0 else 85,
        900,
        "total_time",
        2,
        at,
        at + dt.timedelta(days=3),
    )
    lesson = ScoResult("completed", None, 600 if number % 5 == 0 else 1800, "total_time", 1, at, at)
    return Learner(
        f"corsista{number:02d}",
        100 + number,
        f"Maria Giovanna De Santis Esposito {number:02d}",
        admission=ADMITTED,
        units={
            unit.id: UnitResult(
                1,
                None,
                80,
                100,
                {sco.item: quiz if sco.kind == "quiz" else lesson for sco in unit.scos},
            )
            for unit in units
        },
    )


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> tuple[Assessment, Snapshot]:
    content = write_content(tmp_path_factory.mktemp("course") / "content")
    units = _units()
    snap = snapshot(*(_learner(n, units) for n in range(1, LEARNERS + 1)), units=units)
    register = [
        Attendance(
            f"corsista{n:02d}",
            dt.date(2027, 2, 1) + dt.timedelta(days=day),
            dt.time(9),
            dt.time(11),
            ("aula", "sync", "lab")[day % 3],
            day + 1,
        )
        for n in range(1, LEARNERS + 1)
        for day in range(40 if n % 5 else 20)
    ]
    i18n.use("it")
    try:
        assessment = assess(
            snap,
            register,
            (),
            load_standard(content / "standard.yml"),
            load_course_plan(content / "course.yml"),
        )
    finally:
        i18n.use("en")
    return assessment, snap


@pytest.fixture(scope="module")
def pdf(
    edition: tuple[Assessment, Snapshot], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[pypdf.PdfReader]:
    i18n.use("it")
    try:
        data = render(*edition, "pdf")
    finally:
        i18n.use("en")
    assert isinstance(data, bytes) and data.startswith(b"%PDF-")
    (tmp_path_factory.getbasetemp() / "eligibility.pdf").write_bytes(data)
    yield pypdf.PdfReader(io.BytesIO(data))


def _text(page: pypdf.PageObject) -> str:
    return " ".join(page.extract_text().split())


def test_thirty_learners_fit_in_at_most_thirty_pages(pdf: pypdf.PdfReader) -> None:
    assert 2 < len(pdf.pages) <= LEARNERS


def test_every_page_has_its_number_the_edition_and_the_time_of_the_data(
    pdf: pypdf.PdfReader,
) -> None:
    total = len(pdf.pages)
    for number, page in enumerate(pdf.pages, 1):
        text = _text(page)
        assert f"pagina {number} di {total}" in text
        assert "edizione ED-1" in text and "dati del 01/12/2027 10:30" in text


def test_learners_are_named_in_full_in_the_outcome_and_in_their_detail(
    pdf: pypdf.PdfReader, edition: tuple[Assessment, Snapshot]
) -> None:
    text = " ".join(_text(page) for page in pdf.pages)
    for verdict in edition[0].verdicts:
        assert text.count(f"{verdict.fullname} {verdict.username}") == 2


def test_the_course_director_signs_the_outcome(
    pdf: pypdf.PdfReader, edition: tuple[Assessment, Snapshot]
) -> None:
    edition_learners = edition[0].verdicts
    signed = [page for page in pdf.pages if "Il direttore del corso" in _text(page)]
    assert len(signed) == 1
    text = _text(signed[0])
    for line in ("Luogo", "Data", "Nome e cognome", "Firma"):
        assert line in text
    last = edition_learners[-1]  # on the page where the outcome ends, before any detail
    assert f"{last.fullname} {last.username}" in text and "Dettaglio per corsista" not in text


def test_one_learner_s_detail_takes_one_page(
    edition: tuple[Assessment, Snapshot],
) -> None:
    assessment, snap = edition
    one = dataclasses.replace(assessment, verdicts=assessment.verdicts[:1])
    i18n.use("it")
    try:
        pages = len(pypdf.PdfReader(io.BytesIO(render(one, snap, "pdf"))).pages)
    finally:
        i18n.use("en")
    assert pages == 2  # the chart, the outcome and its signature; the learner's 36 SCOs
