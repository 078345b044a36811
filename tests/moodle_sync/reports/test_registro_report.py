"""The register written out: a PDF of 30 learners over the edition, HTML, CSV, JSON, the hash."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html
from pypdf import PdfReader

from course_model.plan import load_course_plan
from course_model.standard import load_standard
from moodle_sync.reports.eligibility_report import render_html
from moodle_sync.reports.registro import render, render_csv, write_register
from moodle_sync.rules.eligibility import assess
from moodle_sync.rules.registro import build_register, data_hash
from tests.conftest import write_content
from tests.moodle_sync.registro_data import edition_snapshot, meeting

DAYS = 4


@pytest.fixture(scope="module")
def register():  # noqa: ANN201
    # The whole edition (its start to its end), 30 learners with DAYS days of sessions each.
    snap = edition_snapshot(30, DAYS)
    return build_register(snap, snap.course.start, snap.course.end)


@pytest.fixture(scope="module")
def pages(register) -> list[str]:  # noqa: ANN001
    reader = PdfReader(io.BytesIO(render(register, "pdf")))
    return [page.extract_text() for page in reader.pages]


def test_every_page_is_numbered_and_carries_the_data_hash(register, pages) -> None:  # noqa: ANN001
    digest = data_hash(register)
    assert len(pages) > 30
    for number, text in enumerate(pages, start=1):
        assert f"Pagina {number} di {len(pages)}" in text, number
        assert digest in re.sub(r"\s+", "", text), number


def test_the_cover_and_each_learner_are_in_italian_with_signature_blocks(
    register,  # noqa: ANN001
    pages: list[str],
) -> None:
    cover = pages[0]
    assert "Registro della formazione a distanza" in cover and "edizione ED-1" in cover
    assert "dal 11/01/2027 al 17/12/2027" in cover and "https://moodle.example.org" in cover
    assert "Estratto il 01/12/2027 10:30" in cover
    text = "\n".join(pages)
    assert text.count("Il direttore del corso") == 30 and text.count("Il tutor") == 30
    assert "Totale del giorno: e-learning asincrono 0:50:00" in text
    assert "conclusione dello SCO" in text and "accesso alla piattaforma" in text
    assert "Esiti delle verifiche" in text and "superata" in text


def test_one_changed_byte_of_the_data_changes_the_printed_hash(register) -> None:  # noqa: ANN001
    learner = register.learners[0]
    day = learner.days[0]
    row = dataclasses.replace(day.rows[1], activity=day.rows[1].activity[:-1] + "2")
    changed = dataclasses.replace(
        register,
        learners=(
            dataclasses.replace(
                learner,
                days=(
                    dataclasses.replace(day, rows=(day.rows[0], row, *day.rows[2:])),
                    *learner.days[1:],
                ),
            ),
            *register.learners[1:],
        ),
    )
    assert data_hash(changed) != data_hash(register)
    assert data_hash(changed).encode() in render(changed, "html")
    assert data_hash(register).encode() not in render(changed, "html")


def test_the_json_is_the_hashed_data_and_the_hash_file_is_written_beside(
    register,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    out = tmp_path / "registro.json"
    digest, data_digest = write_register(register, "json", out)
    content = out.read_bytes()
    assert hashlib.sha256(content).hexdigest() == data_hash(register)
    assert json.loads(content)["edition"] == "ED-1"
    assert digest.read_text(encoding="utf-8") == (
        f"{hashlib.sha256(content).hexdigest()}  registro.json\n"
    )
    assert data_digest.read_text(encoding="utf-8").endswith(f": {data_hash(register)}\n")


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs sha256sum")
@pytest.mark.parametrize("fmt", ["csv", "html"])
def test_sha256sum_checks_the_register_file_and_finds_a_change(
    register,  # noqa: ANN001
    tmp_path: Path,
    fmt: str,
) -> None:
    out = tmp_path / f"registro.{fmt}"
    digest, data_digest = write_register(register, fmt, out)
    checked = subprocess.run(
        ["sha256sum", "-c", digest.name], cwd=tmp_path, capture_output=True, text=True
    )
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, f"{out.name}: OK\n", "")
    assert data_hash(register) in data_digest.read_text(encoding="utf-8")
    out.write_bytes(out.read_bytes().replace(b"corsista07", b"corsista70"))
    changed = subprocess.run(
        ["sha256sum", "-c", digest.name], cwd=tmp_path, capture_output=True, text=True
    )
    assert changed.returncode == 1 and f"{out.name}: FAILED" in changed.stdout


def test_the_csv_has_a_row_per_session_and_access(register) -> None:  # noqa: ANN001
    lines = render_csv(register).splitlines()
    assert lines[0].startswith("username,fullname,date,kind,time_in,time_out,seconds")
    assert len(lines) == 1 + 30 * DAYS * 4
    assert "corsista00,Corsista00,2027-01-11,session,09:01:00,09:26:00,1500,async" in lines[2]


def test_the_html_links_each_learner_to_an_anchor(register) -> None:  # noqa: ANN001
    page = render(register, "html").decode()
    assert 'href="#corsista-corsista07"' in page and 'id="corsista-corsista07"' in page


def test_the_eligibility_report_links_each_learner_to_the_register(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    standard = load_standard(folder / "standard.yml")
    plan = load_course_plan(folder / "course.yml")
    snap = edition_snapshot(2, 1)
    page = render_html(assess(snap, (), (), standard, plan), snap, "registro.pdf")
    assert 'href="registro.pdf#corsista-corsista01"' in page
    assert "registro.pdf#" not in render_html(assess(snap, (), (), standard, plan), snap)


def test_a_virtual_classroom_session_ends_with_the_learner_leaving_it() -> None:
    base = edition_snapshot(1, 1)
    start = dt.datetime(2027, 1, 11, 16, tzinfo=dt.UTC)
    left = meeting(3, start, start + dt.timedelta(hours=2))
    page = html.fromstring(
        render(build_register(dataclasses.replace(base, sessions=(*base.sessions, left))), "html")
    )
    rows = [[" ".join(td.text_content().split()) for td in r] for r in page.xpath("//tr[td]")]
    assert ["17:00:00", "19:00:00", "2:00:00", "E-learning sincrono", "Aula"] + [
        "uscita dall'aula virtuale"
    ] in rows
    assert any(r[-1] == "conclusione dello SCO" for r in rows)
