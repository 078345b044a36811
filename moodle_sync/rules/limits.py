"""The course plan's hours against the standard's rules: minima, e-learning caps, and why a cap
cannot bind.

A pure function of the standard and the plan: every figure comes from content/standard.yml
and content/course.yml. E-learning (sync and async) is a way of delivering classroom hours,
so besides its per-modality caps (a percentage of the standard's aula hours) it may never
exceed the aula hours it replaces; a per-modality cap above those hours cannot bind, and
the findings say so instead of passing it silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from course_model.formats import local
from course_model.i18n import t
from course_model.plan import CoursePlan
from course_model.standard import Standard
from course_model.table import render_table


class Severity(Enum):
    OK = "ok"
    VIOLATION = "VIOLATION"
    WARNING = "warning"


@dataclass(frozen=True)
class ElearningCaps:
    """E-learning limits in hours, and the plan's e-learning hours they apply to."""

    aula_hours: float  # the standard's aula hours: base of the caps and what e-learning may replace
    sync_pct: float
    async_pct: float
    planned_sync: float
    planned_async: float

    @property
    def sync_cap(self) -> float:
        return self.aula_hours * self.sync_pct / 100

    @property
    def async_cap(self) -> float:
        return self.aula_hours * self.async_pct / 100

    @property
    def effective_sync_cap(self) -> float:
        return min(self.sync_cap, self.aula_hours)

    @property
    def effective_async_cap(self) -> float:
        return min(self.async_cap, self.aula_hours)


def elearning_caps(standard: Standard, plan: CoursePlan) -> ElearningCaps:
    planned = plan.hours_by_modality()
    return ElearningCaps(
        aula_hours=standard.hours.aula_min,
        sync_pct=standard.sync_max_pct_of_aula,
        async_pct=standard.async_max_pct_of_aula,
        planned_sync=planned["sync"],
        planned_async=planned["async"],
    )


@dataclass(frozen=True)
class Finding:
    rule: str
    planned: float
    relation: str  # ">=" (a minimum) or "<=" (a cap)
    limit: float
    severity: Severity
    note: str = ""


def _rule(rule: str, planned: float, relation: str, limit: float, note: str = "") -> Finding:
    holds = planned >= limit if relation == ">=" else planned <= limit
    return Finding(
        rule, planned, relation, limit, Severity.OK if holds else Severity.VIOLATION, note
    )


def check_limits(standard: Standard, plan: CoursePlan) -> list[Finding]:
    need = standard.hours
    planned = plan.hours_by_modality()
    caps = elearning_caps(standard, plan)
    elearning = caps.planned_sync + caps.planned_async
    number, aula = local().number, local().number(caps.aula_hours)
    findings = [
        _rule(t("total hours"), plan.total_hours, ">=", need.total_min),
        _rule(
            t("classroom hours (aula + sync + async + KC)"),
            plan.classroom_hours,
            ">=",
            need.aula_min,
        ),
        _rule(t("lab hours"), planned["lab"], ">=", need.lab_min),
        _rule(t("internship hours"), planned["stage"], ">=", need.internship_min),
        _rule(
            t("internship + lab hours"),
            planned["stage"] + planned["lab"],
            ">=",
            need.internship_lab_min,
        ),
        _rule(t("key-competence hours"), plan.key_competences, ">=", need.key_competences),
        _rule(
            t(
                "sync e-learning ({pct} % of {aula} aula hours)",
                pct=number(caps.sync_pct),
                aula=aula,
            ),
            caps.planned_sync,
            "<=",
            caps.sync_cap,
        ),
        _rule(
            t(
                "async e-learning ({pct} % of {aula} aula hours)",
                pct=number(caps.async_pct),
                aula=aula,
            ),
            caps.planned_async,
            "<=",
            caps.async_cap,
        ),
        _rule(
            t("sync + async e-learning (the aula hours they replace)"),
            elearning,
            "<=",
            caps.aula_hours,
        ),
    ]
    for rule, note, cap, pct in (
        (
            t("sync e-learning cap"),
            t(
                "the sync cap of {cap} h ({pct} % of {aula} h) exceeds the {aula} aula hours "
                "e-learning can replace, so it cannot bind: the effective limit is sync + async "
                "<= {aula} h"
            ),
            caps.sync_cap,
            caps.sync_pct,
        ),
        (
            t("async e-learning cap"),
            t(
                "the async cap of {cap} h ({pct} % of {aula} h) exceeds the {aula} aula hours "
                "e-learning can replace, so it cannot bind: the effective limit is sync + async "
                "<= {aula} h"
            ),
            caps.async_cap,
            caps.async_pct,
        ),
    ):
        if cap > caps.aula_hours:
            findings.append(
                Finding(
                    rule,
                    cap,
                    "<=",
                    caps.aula_hours,
                    Severity.WARNING,
                    note.format(cap=number(cap), pct=number(pct), aula=aula),
                )
            )
    return findings


def violations(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.VIOLATION]


def render_findings(findings: list[Finding]) -> str:
    rules = [f for f in findings if f.severity is not Severity.WARNING]
    results = {Severity.OK: t("ok"), Severity.VIOLATION: t("VIOLATION")}
    number = local().number
    table = render_table(
        (t("rule"), t("planned"), "", t("limit"), t("result")),
        [
            (f.rule, number(f.planned), f.relation, number(f.limit), results[f.severity])
            for f in rules
        ],
    )
    warnings = [
        t("warning: {warning}", warning=f.note) for f in findings if f.severity is Severity.WARNING
    ]
    return "\n".join([table, *warnings])
