"""An assessment written out: a terminal table, CSV and JSON for the records, an HTML report for
auditors.

The terminal table and the HTML report are for the Italian administrator and in Italian;
CSV and JSON keep machine-readable keys and plain numbers. The HTML page is self-contained
(inline CSS and SVG, no script, no external request) so it can be archived and opened anywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import jinja2

from course_model.csvfile import write_rows
from course_model.formats import ITALIAN as it
from moodle_sync.files.snapshot import Snapshot
from moodle_sync.reports.table import render_table
from moodle_sync.rules import course_layout
from moodle_sync.rules.eligibility import HOUR_KEYS, Assessment, Hours, Verdict

FORMATS = ("table", "csv", "json", "html")
MODALITY_LABELS = {**course_layout.MODALITY_LABELS, "credits": "Crediti di frequenza"}
MODALITY_COLOURS = {
    "aula": "#1f5f99",
    "sync": "#3f8fd2",
    "async": "#7ab6e8",
    "lab": "#2e7d4f",
    "stage": "#6fbf73",
    "credits": "#b07d1a",
}


def _rounded(hours: Hours) -> dict[str, float]:
    figures = {key: round(value, 2) for key, value in hours.by_modality().items()}
    figures["total"] = round(hours.total, 2)
    return figures


def learner_record(verdict: Verdict, assessment: Assessment) -> dict:
    rules = assessment.rules
    return {
        "username": verdict.username,
        "fullname": verdict.fullname,
        "eligible": verdict.eligible,
        "credited_hours": _rounded(verdict.credited),
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
                record["threshold_hours"],
                record["attendance_pct"],
                *("passed" if u.passed else "not passed" for u in verdict.units),
                " | ".join(verdict.reasons),
            ]
        )
    return write_rows(header, rows)


def _rules_line(assessment: Assessment) -> str:
    rules = assessment.rules
    return (
        f"Soglia di frequenza {it.hours(rules.threshold)} "
        f"({it.percent(rules.min_attendance_pct)} di {it.hours(rules.total_hours)}); "
        f"e-learning sincrono max {it.hours(rules.sync_cap)}, asincrono max "
        f"{it.hours(rules.async_cap)}; ingresso entro il {it.date(rules.latest_entry)}."
    )


def render_text(assessment: Assessment) -> str:
    rules = assessment.rules
    rows = []
    for v in assessment.verdicts:
        hours = v.credited.by_modality()
        rows.append(
            (
                v.username,
                v.fullname,
                *(it.number(hours[k]) for k in HOUR_KEYS),
                it.number(v.credited.total),
                it.percent(100 * v.credited.total / rules.total_hours),
                " ".join(f"{u.label.split(' ')[0]}:{'ok' if u.passed else 'NO'}" for u in v.units),
                "SÌ" if v.eligible else "NO",
            )
        )
    table = render_table(
        (
            "utente",
            "nome",
            "aula",
            "sinc",
            "asinc",
            "lab",
            "stage",
            "crediti",
            "totale",
            "freq.",
            "verifiche",
            "ammesso",
        ),
        rows,
    )
    lines = [_rules_line(assessment), "", table]
    refused = [v for v in assessment.verdicts if not v.eligible]
    if refused:
        lines += ["", "Motivi:"]
        for verdict in refused:
            lines += [f"  {verdict.username}:"] + [f"    - {reason}" for reason in verdict.reasons]
    lines += [f"  nota: {note}" for note in assessment.notes]
    eligible = len(assessment.verdicts) - len(refused)
    lines += ["", f"Ammessi all'esame finale: {eligible} su {len(assessment.verdicts)}."]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    colour: str
    label: str


def chart_rows(
    assessment: Assessment, width: float
) -> tuple[float, list[tuple[Verdict, list[Bar]]]]:
    """Bar segments by modality for each learner, on a scale where the longest bar or the total
    fits `width`."""
    scale_max = max(
        [assessment.rules.total_hours, *(v.credited.total for v in assessment.verdicts)]
    )
    per_hour = width / scale_max if scale_max else 0
    rows = []
    for verdict in assessment.verdicts:
        x, bars = 0.0, []
        for key, hours in verdict.credited.by_modality().items():
            if hours > 0:
                label = f"{MODALITY_LABELS[key]}: {it.hours(hours)}"
                bars.append(Bar(x, hours * per_hour, MODALITY_COLOURS[key], label))
                x += hours * per_hour
        rows.append((verdict, bars))
    return per_hour, rows


def render_html(assessment: Assessment, snapshot: Snapshot) -> str:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("moodle_sync.reports", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        hours=it.hours,
        number=it.number,
        percent=it.percent,
        date=it.date,
        moment=it.moment,
        duration=it.duration,
    )
    per_hour, rows = chart_rows(assessment, 520)
    return env.get_template("eligibility.html").render(
        a=assessment,
        rules=assessment.rules,
        snapshot=snapshot,
        chart=rows,
        per_hour=per_hour,
        labels=MODALITY_LABELS,
        colours=MODALITY_COLOURS,
        rules_line=_rules_line(assessment),
        eligible=sum(v.eligible for v in assessment.verdicts),
    )


def render(assessment: Assessment, snapshot: Snapshot, fmt: str) -> str:
    if fmt == "html":
        return render_html(assessment, snapshot)
    return {"table": render_text, "csv": render_csv, "json": render_json}[fmt](assessment)
