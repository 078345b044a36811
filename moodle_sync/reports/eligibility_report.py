"""An assessment written out: a terminal table, CSV and JSON for the records, an HTML page and a
PDF for auditors.

The terminal table and the report are in the administrator's language (course_model.i18n), with
its figures and dates; CSV and JSON keep machine-readable keys and plain numbers. The HTML page
is self-contained (inline CSS and SVG, no script, no external request) so it can be archived and
opened anywhere; its print stylesheet lays it out on A4 with page numbers, and the PDF is that
page printed by WeasyPrint, imported only when a PDF is asked for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from itertools import groupby

from course_model import i18n
from course_model.csvfile import write_rows
from course_model.formats import local
from course_model.i18n import t, tn
from course_model.table import render_table
from moodle_sync.files.snapshot import Snapshot
from moodle_sync.reports.documents import html_to_pdf, template
from moodle_sync.rules.eligibility import (
    EPSILON,
    HOUR_KEYS,
    Assessment,
    Hours,
    ScoCredit,
    Verdict,
)

FORMATS = ("table", "csv", "json", "html", "pdf")
# Each modality's bar is told apart by its pattern (an SVG <pattern> of the report) as well as by
# its colour, so that the chart reads in greyscale and on a black-and-white printer.
PATTERNS = {
    "aula": "solid",
    "sync": "hatch",
    "async": "dots",
    "lab": "cross",
    "stage": "vertical",
    "credits": "light",
}


def _rounded(hours: Hours) -> dict[str, float]:
    figures = {key: round(value, 2) for key, value in hours.by_modality().items()}
    figures["total"] = round(hours.total, 2)
    return figures


def _sync_sources(verdict: Verdict) -> dict[str, float]:
    """Where the credited sync hours come from: the virtual classroom's sessions in Moodle's log,
    the attendance register."""
    return {
        "meetings": round(verdict.sync.meetings, 2),
        "register": round(verdict.sync.register, 2),
    }


def learner_record(verdict: Verdict, assessment: Assessment) -> dict:
    rules = assessment.rules
    return {
        "username": verdict.username,
        "fullname": verdict.fullname,
        "eligible": verdict.eligible,
        "credited_hours": _rounded(verdict.credited),
        "credited_sync_hours": _sync_sources(verdict),
        "tracked_hours": _rounded(verdict.tracked),
        "threshold_hours": round(rules.threshold, 2),
        "attendance_pct": round(100 * verdict.credited.total / rules.total_hours, 1),
        "units": [
            {
                "unit": u.unit_id,
                "label": u.label,
                "passed": u.passed,
                "status": u.status,
                "score": None if u.score is None else round(u.score, 2),
                "mastery": u.mastery,
                "reason": u.reason,
                "tasks": [
                    {
                        "task": c.task.id,
                        "title": c.task.title,
                        "passed": c.passed,
                        "status": c.result.status,
                        "grade": c.result.grade,
                        "pass": c.task.pass_grade,
                        "grader": c.result.grader,
                        "reason": c.reason,
                    }
                    for c in u.tasks
                ],
            }
            for u in verdict.units
        ],
        "admitted": verdict.admitted,
        "reasons": list(verdict.reasons),
        "notes": list(verdict.notes),
    }


def render_json(assessment: Assessment) -> str:
    return (
        json.dumps(
            [learner_record(v, assessment) for v in assessment.verdicts],
            ensure_ascii=False,
            indent=2,
            allow_nan=False,  # no figure of a verdict may be NaN or infinite
        )
        + "\n"
    )


def render_csv(assessment: Assessment) -> str:
    units = [u.unit_id for u in assessment.verdicts[0].units] if assessment.verdicts else []
    header = [
        "username",
        "fullname",
        "eligible",
        *HOUR_KEYS,
        "total",
        "sync_meetings",
        "sync_register",
        "threshold",
        "attendance_pct",
        *units,
        "reasons",
    ]
    rows = []
    for verdict in assessment.verdicts:
        record = learner_record(verdict, assessment)
        rows.append(
            [
                verdict.username,
                verdict.fullname,
                "true" if verdict.eligible else "false",
                *(record["credited_hours"][k] for k in (*HOUR_KEYS, "total")),
                *record["credited_sync_hours"].values(),
                record["threshold_hours"],
                record["attendance_pct"],
                *("passed" if u.passed else "not passed" for u in verdict.units),
                " | ".join(verdict.reasons),
            ]
        )
    return write_rows(header, rows)


def modality_labels() -> dict[str, str]:
    return {
        "aula": t("Classroom"),
        "sync": t("Synchronous e-learning"),
        "async": t("Asynchronous e-learning"),
        "lab": t("Laboratory"),
        "stage": t("Internship"),
        "credits": t("Attendance credits"),
    }


def sco_status(status: str | None) -> str:
    """A SCORM 1.2 lesson status in words ("–" when none was reported or it was not valid)."""
    words = {
        "passed": t("passed"),
        "completed": t("completed"),
        "failed": t("failed"),
        "incomplete": t("in progress"),
        "browsed": t("browsed"),
        "not attempted": t("not attempted"),
    }
    return words.get(status or "", "–")


def data_problems(verdict: Verdict) -> list[str]:
    """Values Moodle sent for this learner that are not valid: SCO tracks, unit completions and
    grades, the admission record. None of them is credited; an auditor should see them."""
    learner = verdict.learner
    found = [
        problem
        for unit in learner.units.values()
        for problem in (
            *unit.problems,
            *(problem for result in unit.scos.values() for problem in result.problems),
        )
    ]
    if learner.admission_record is not None:
        found.extend(learner.admission_record.problems)
    return [str(problem) for problem in found]


def _rules_line(assessment: Assessment) -> str:
    rules, out = assessment.rules, local()
    return t(
        "Attendance threshold {threshold} ({percent} of {total}); synchronous e-learning at most "
        "{sync}, asynchronous at most {async_}; entry by {latest}.",
        threshold=out.hours(rules.threshold),
        percent=out.percent(rules.min_attendance_pct),
        total=out.hours(rules.total_hours),
        sync=out.hours(rules.sync_cap),
        async_=out.hours(rules.async_cap),
        latest=out.date(rules.latest_entry),
    )


# Marks of the terminal table: a learner whose data hold invalid values.
PROBLEM_MARK = "!"


def render_text(assessment: Assessment) -> str:
    rules, out = assessment.rules, local()
    rows, flagged = [], False
    for v in assessment.verdicts:
        hours = v.credited.by_modality()
        problem = bool(data_problems(v))
        flagged = flagged or problem
        rows.append(
            (
                v.username + (f" {PROBLEM_MARK}" if problem else ""),
                v.fullname,
                *(out.number(hours[k]) for k in HOUR_KEYS),
                out.number(v.credited.total),
                out.percent(100 * v.credited.total / rules.total_hours),
                " ".join(f"{u.label.split(' ')[0]}:{'ok' if u.passed else 'NO'}" for u in v.units),
                t("YES") if v.eligible else t("NO"),
            )
        )
    table = render_table(
        (
            t("user"),
            t("name"),
            t("class"),
            t("sync"),
            t("async"),
            t("lab"),
            t("intern."),
            t("credits"),
            t("total"),
            t("attend."),
            t("verifications"),
            t("admitted"),
        ),
        rows,
    )
    lines = [_rules_line(assessment), "", table]
    if flagged:
        lines += [
            "",
            t(
                "{mark} invalid values in the learner's tracks, grades or admission record: they "
                "are not credited (see the notes below and the report)",
                mark=PROBLEM_MARK,
            ),
        ]
    refused = [v for v in assessment.verdicts if not v.eligible]
    if refused:
        lines += ["", t("Reasons:")]
        for verdict in refused:
            lines += [f"  {verdict.username}:"] + [f"    - {reason}" for reason in verdict.reasons]
    noted = [v for v in assessment.verdicts if v.notes]
    if noted:
        lines += ["", t("Notes:")]
        for verdict in noted:
            lines += [f"  {verdict.username}:"] + [f"    - {note}" for note in verdict.notes]
    lines += [t("  note: {note}", note=note) for note in assessment.notes]
    eligible = len(assessment.verdicts) - len(refused)
    lines += [
        "",
        tn(
            "Admitted to the final exam: {eligible} of {count} learner.",
            "Admitted to the final exam: {eligible} of {count} learners.",
            len(assessment.verdicts),
            eligible=eligible,
        ),
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    width: float
    modality: str
    label: str


@dataclass(frozen=True, slots=True)
class ChartRow:
    """One learner's bar, and what marks it: hours below the threshold, other reasons."""

    verdict: Verdict
    bars: tuple[Bar, ...]
    below_threshold: bool
    other_reasons: bool


def chart_rows(assessment: Assessment, width: float) -> tuple[float, list[ChartRow]]:
    """Bar segments by modality for each learner, on a scale where the longest bar or the total
    fits `width`."""
    rules, out = assessment.rules, local()
    scale_max = max([rules.total_hours, *(v.credited.total for v in assessment.verdicts)])
    per_hour = width / scale_max if scale_max else 0
    labels = modality_labels()
    rows = []
    for verdict in assessment.verdicts:
        x, bars = 0.0, []
        for key, hours in verdict.credited.by_modality().items():
            if hours > 0:
                label = f"{labels[key]}: {out.hours(hours)}"
                bars.append(Bar(x, hours * per_hour, key, label))
                x += hours * per_hour
        below = verdict.credited.total < rules.threshold - EPSILON
        others = len(verdict.reasons) > (1 if below else 0)
        rows.append(ChartRow(verdict, tuple(bars), below, others))
    return per_hour, rows


def _page_counter() -> str:
    """The CSS `content` of the page number box, "pagina 3 di 30" in the report's language (the
    catalogue's words hold no quote)."""
    words = t("page {page} of {pages}", page='" counter(page) "', pages='" counter(pages) "')
    return f'"{words}"'


def _sco_groups(assessment: Assessment, verdict: Verdict) -> list[tuple[str, list[ScoCredit]]]:
    """The learner's SCOs by unit, in the course's order, each unit named "UF1 (1784)"."""
    labels = {unit.unit_id: unit.label for unit in verdict.units}
    return [
        (labels.get(unit_id, unit_id), list(credits))
        for unit_id, credits in groupby(assessment.sco_credits(verdict), key=lambda c: c.unit_id)
    ]


def render_html(assessment: Assessment, snapshot: Snapshot, registro: str | None = None) -> str:
    """The report; `registro` names the e-learning register each learner is linked to."""
    per_hour, rows = chart_rows(assessment, 480)
    return template("eligibility.html", local(), status=sco_status).render(
        a=assessment,
        rules=assessment.rules,
        snapshot=snapshot,
        language=i18n.language(),
        chart=rows,
        per_hour=per_hour,
        labels=modality_labels(),
        patterns=PATTERNS,
        sco_groups=partial(_sco_groups, assessment),
        # Invalid SCO tracks and admission records are in the verdict's notes already.
        unit_problems={
            v.username: [str(p) for unit in v.learner.units.values() for p in unit.problems]
            for v in assessment.verdicts
        },
        below={row.verdict.username: row.below_threshold for row in rows},
        page_counter=_page_counter(),
        rules_line=_rules_line(assessment),
        eligible=sum(v.eligible for v in assessment.verdicts),
        registro=registro,
    )


def render_pdf(assessment: Assessment, snapshot: Snapshot, registro: str | None = None) -> bytes:
    """The HTML report printed on A4."""
    return html_to_pdf(render_html(assessment, snapshot, registro))


def render(
    assessment: Assessment, snapshot: Snapshot, fmt: str, registro: str | None = None
) -> str | bytes:
    """The report in `fmt`: text for every format but "pdf", which is bytes."""
    if fmt == "html":
        return render_html(assessment, snapshot, registro)
    if fmt == "pdf":
        return render_pdf(assessment, snapshot, registro)
    return {"table": render_text, "csv": render_csv, "json": render_json}[fmt](assessment)
