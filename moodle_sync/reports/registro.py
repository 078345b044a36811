"""The e-learning register written out: HTML (to read or print), PDF, CSV and JSON.

The JSON form is the register's canonical JSON itself, so `sha256sum` of it gives the hash the
other forms print on every page. Each file written gets FILE.sha256 beside it, the file's own
hash for `sha256sum -c` (every line of it a file to check), and FILE.dati.txt, the hash of the
data.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from course_model.csvfile import write_rows
from course_model.output import atomic_write
from moodle_sync.files.sessions import IDLE_GAP
from moodle_sync.reports.documents import html_to_pdf, template
from moodle_sync.rules import course_layout
from moodle_sync.rules.registro import LEFT, Register, Row, canonical_json, data_hash

FORMATS = ("html", "pdf", "csv", "json")
ENDINGS = {
    "finish": "conclusione dello SCO",
    "logout": "uscita dalla piattaforma",
    "next": "altra attività",
    "timeout": "inattività",
}
MEETING_LEFT = "uscita dall'aula virtuale"  # how a virtual classroom's session finishes
STATUSES = {
    "passed": "superata",
    "failed": "non superata",
    "completed": "completata",
    "incomplete": "incompleta",
}
CSV_HEADER = (
    "username",
    "fullname",
    "date",
    "kind",
    "time_in",
    "time_out",
    "seconds",
    "modality",
    "activity",
    "ended",
)


def ending(row: Row) -> str:
    """How a session ended, in words."""
    return MEETING_LEFT if row.modality == "sync" and row.ended == LEFT else ENDINGS[row.ended]


def render_html(register: Register, digest: str | None = None) -> str:
    return template("registro.html", ending=ending).render(
        r=register,
        digest=digest or data_hash(register),
        modalities={
            "async": course_layout.MODALITY_LABELS["async"],
            "sync": course_layout.MODALITY_LABELS["sync"],
        },
        statuses=STATUSES,
        idle_minutes=IDLE_GAP // 60,
    )


def render_csv(register: Register) -> str:
    return write_rows(
        CSV_HEADER,
        [
            (
                learner.username,
                learner.fullname,
                day.day.isoformat(),
                row.kind,
                f"{row.start:%H:%M:%S}",
                f"{row.end:%H:%M:%S}",
                row.seconds,
                row.modality,
                row.activity,
                row.ended,
            )
            for learner in register.learners
            for day in learner.days
            for row in day.rows
        ],
    )


def render(register: Register, fmt: str, digest: str | None = None) -> bytes:
    """The register in `fmt`; `digest`, its data hash where already worked out."""
    if fmt == "json":
        return canonical_json(register)
    if fmt == "csv":
        return render_csv(register).encode("utf-8")
    page = render_html(register, digest)
    return html_to_pdf(page) if fmt == "pdf" else page.encode("utf-8")


def register_digests(output: Path) -> tuple[Path, Path]:
    """The files beside the register OUTPUT: the sha256 of the file, and that of its data."""
    return output.with_name(output.name + ".sha256"), output.with_name(output.name + ".dati.txt")


def write_register(register: Register, fmt: str, output: Path) -> tuple[Path, Path]:
    """Write the register and its register_digests beside it; their paths."""
    data = data_hash(register)
    content = render(register, fmt, data)
    atomic_write(output, content)
    digest, data_digest = register_digests(output)
    atomic_write(digest, f"{hashlib.sha256(content).hexdigest()}  {output.name}\n".encode())
    atomic_write(
        data_digest,
        (
            f"sha256 dei dati del registro {output.name} (JSON canonico, come lo scrive "
            f"moodle-sync registro --format json): {data}\n"
        ).encode(),
    )
    return digest, data_digest
