"""Who may sit the final exam: a pure function of snapshot, register, credits, standard and plan.

Credited hours by modality:
- aula, lab, stage and sync from the attendance register, sync capped at the sync cap;
- async from the SCORM tracks: each SCO's tracked time capped at its nominal duration, the
  sum capped at the async cap (a SCO whose nominal duration is unknown credits nothing);
- recognised credits, counted as attended.
A learner is eligible when the credited total reaches the threshold (total hours less the
standard's maximum absence), every unit's verification is passed, and admission holds (age
at the course start, education level, joined by the latest entry date). Every "no" carries
its reasons, in Italian, for the administrator.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from moodle_sync import italian as it
from moodle_sync.admission import age_on, latest_entry_date
from moodle_sync.credits import Credit
from moodle_sync.limits import elearning_caps
from moodle_sync.register import Attendance
from moodle_sync.snapshot import Admission, Learner, ScoInfo, ScoResult, Snapshot, UnitInfo, UnitResult
from scormgen.config import CoursePlan, Standard

# Floating-point sums of minutes must not fail a learner who has exactly the threshold.
EPSILON = 1e-6
HOUR_KEYS = ("aula", "sync", "async", "lab", "stage", "credits")


@dataclass(frozen=True)
class Rules:
    """The figures applied, all from standard.yml and course.yml."""

    total_hours: float
    max_absence_pct: float
    sync_cap: float
    async_cap: float
    min_age: int
    min_eqf: int
    education: str
    start: dt.date
    end: dt.date
    latest_entry: dt.date
    latest_entry_pct: float

    @property
    def min_attendance_pct(self) -> float:
        return 100 - self.max_absence_pct

    @property
    def threshold(self) -> float:
        return self.total_hours * self.min_attendance_pct / 100


def rules_for(standard: Standard, plan: CoursePlan) -> Rules:
    caps = elearning_caps(standard, plan)
    return Rules(total_hours=plan.total_hours, max_absence_pct=standard.max_absence_pct,
                 sync_cap=caps.effective_sync_cap, async_cap=caps.effective_async_cap,
                 min_age=standard.min_age, min_eqf=standard.min_eqf, education=standard.education,
                 start=plan.edition.start, end=plan.edition.end, latest_entry=latest_entry_date(standard, plan),
                 latest_entry_pct=standard.latest_entry_pct)


@dataclass(frozen=True)
class Hours:
    aula: float = 0.0
    sync: float = 0.0
    async_: float = 0.0
    lab: float = 0.0
    stage: float = 0.0
    credits: float = 0.0

    @property
    def total(self) -> float:
        return self.aula + self.sync + self.async_ + self.lab + self.stage + self.credits

    def by_modality(self) -> dict[str, float]:
        return dict(zip(HOUR_KEYS, (self.aula, self.sync, self.async_, self.lab, self.stage, self.credits)))


@dataclass(frozen=True)
class ScoCredit:
    """One SCO's tracked time and what of it is credited."""

    unit_id: str
    sco: ScoInfo
    result: ScoResult
    credited_hours: float

    @property
    def tracked_hours(self) -> float:
        return self.result.seconds / 3600

    @property
    def nominal_hours(self) -> float | None:
        return None if self.sco.nominal_minutes is None else self.sco.nominal_minutes / 60


@dataclass(frozen=True)
class UnitCheck:
    """A unit's verification: passed or not, and why not."""

    unit_id: str
    label: str  # "UF1 (1784)"
    title: str
    passed: bool
    status: str | None = None
    score: float | None = None
    mastery: float | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Verdict:
    username: str
    fullname: str
    eligible: bool
    credited: Hours
    tracked: Hours  # before the caps (async: the tracked time of every SCO; sync: every register hour)
    units: tuple[UnitCheck, ...]
    scos: tuple[ScoCredit, ...]
    register: tuple[Attendance, ...]
    credits: tuple[Credit, ...]
    admission: Admission | None
    admitted: bool  # admission rules (age, education, entry date) hold
    reasons: tuple[str, ...]
    notes: tuple[str, ...]  # what an auditor should see but does not decide (invalid values, odd rows)


@dataclass(frozen=True)
class Assessment:
    rules: Rules
    verdicts: tuple[Verdict, ...]
    notes: tuple[str, ...]  # about the inputs as a whole


_NO_UNIT, _NO_SCO = UnitResult(), ScoResult()


def _group(rows: Iterable[Attendance | Credit]) -> dict[str, list]:
    grouped: dict[str, list] = defaultdict(list)
    for row in rows:
        grouped[row.username].append(row)
    return grouped


@dataclass(frozen=True)
class _Planned:
    """A unit of the plan, with its SCORM activity in the snapshot (None when missing)."""

    unit_id: str
    unit: UnitInfo | None
    label: str  # "UF1 (1784)"
    title: str


def _planned_units(snapshot: Snapshot, standard: Standard, plan: CoursePlan) -> tuple[_Planned, ...]:
    found = {unit.id: unit for unit in snapshot.units}
    planned = []
    for unit_plan in plan.units:
        unit = found.get(unit_plan.id)
        known = standard.unit(unit.code) if unit else None
        if known:
            planned.append(_Planned(unit_plan.id, unit, f"UF{known.number} ({known.code})", known.title))
        else:
            planned.append(_Planned(unit_plan.id, unit, unit_plan.id, unit.title if unit else unit_plan.id))
    return tuple(planned)


def _sco_credits(learner: Learner, units: tuple[UnitInfo, ...], notes: list[str]) -> list[ScoCredit]:
    credits = []
    for unit in units:
        results = learner.units.get(unit.id, _NO_UNIT).scos
        for sco in unit.scos:
            result = results.get(sco.identifier, _NO_SCO)
            hours = result.seconds / 3600
            if sco.nominal_minutes is None:
                if hours:
                    notes.append(f"{unit.id} · {sco.title}: durata nominale sconosciuta, {it.hours(hours)} tracciate "
                                 "non accreditate")
                credited = 0.0
            else:
                credited = min(hours, sco.nominal_minutes / 60)
            notes.extend(f"{unit.id} · {sco.title}: {problem} (non accreditato)" for problem in result.problems)
            credits.append(ScoCredit(unit.id, sco, result, credited))
    return credits


def _quiz_check(planned: _Planned, quiz: ScoInfo, result: ScoResult) -> UnitCheck:
    mastery = quiz.mastery if quiz.mastery is not None else planned.unit.mastery
    passed = result.status == "passed" or (
        result.score is not None and mastery is not None and result.score >= mastery - EPSILON)
    if passed:
        why = None
    elif result.attempts == 0:
        why = "verifica non sostenuta"
    elif result.score is not None and mastery is not None:
        why = f"verifica non superata: punteggio {it.percent(result.score)}, minimo {it.percent(mastery)}"
    elif result.status in ("failed", "completed"):
        why = f"verifica non superata (esito {result.status}, nessun punteggio valido)"
    else:
        why = f"verifica non completata (stato {result.status or 'assente o non valido'})"
    if why and result.problems:
        why += "; valori non validi: " + "; ".join(result.problems)
    return UnitCheck(planned.unit_id, planned.label, planned.title, passed, result.status, result.score, mastery, why)


def _unit_check(learner: Learner, planned: _Planned) -> UnitCheck:
    """The unit's verification: every quiz SCO in its package passed."""
    if planned.unit is None or not planned.unit.quizzes:
        why = ("attività SCORM dell'unità non trovata nel corso su Moodle" if planned.unit is None
               else "nessuna verifica nel pacchetto SCORM dell'unità")
        return UnitCheck(planned.unit_id, planned.label, planned.title, False, reason=why)
    results = learner.units.get(planned.unit_id, _NO_UNIT).scos
    checks = [_quiz_check(planned, quiz, results.get(quiz.identifier, _NO_SCO)) for quiz in planned.unit.quizzes]
    return next((c for c in checks if not c.passed), checks[0])


def _admission(admission: Admission | None, rules: Rules) -> list[str]:
    if admission is None:
        return ["ammissione non verificabile: mancano data di nascita, titolo di studio e data di ingresso "
                "(indicare il file degli iscritti con --learners)"]
    reasons = []
    age = age_on(admission.birthdate, rules.start)
    if age < rules.min_age:
        reasons.append(f"età {age} anni all'avvio del corso ({it.date(rules.start)}), minimo {rules.min_age}")
    if admission.education_eqf < rules.min_eqf:
        required = f" ({rules.education})" if rules.education else ""
        reasons.append(f"titolo di studio di livello EQF {admission.education_eqf}, "
                       f"minimo EQF {rules.min_eqf}{required}")
    if admission.joined > rules.latest_entry:
        reasons.append(f"ingresso il {it.date(admission.joined)}, dopo il termine ultimo di inserimento "
                       f"{it.date(rules.latest_entry)} ({it.percent(rules.latest_entry_pct)} delle ore)")
    return reasons


def _register_hours(rows: list[Attendance]) -> dict[str, float]:
    hours: dict[str, float] = defaultdict(float)
    for row in rows:
        hours[row.modality] += row.hours
    return hours


def assess_learner(learner: Learner, units: tuple[UnitInfo, ...], planned: tuple[_Planned, ...],
                   register: list[Attendance], credits: list[Credit], rules: Rules) -> Verdict:
    notes: list[str] = []
    scos = _sco_credits(learner, units, notes)
    attended = _register_hours(register)
    tracked = Hours(attended["aula"], attended["sync"], sum(s.tracked_hours for s in scos), attended["lab"],
                    attended["stage"], sum(c.hours for c in credits))
    async_within_scos = sum(s.credited_hours for s in scos)
    credited = Hours(tracked.aula, min(tracked.sync, rules.sync_cap), min(async_within_scos, rules.async_cap),
                     tracked.lab, tracked.stage, tracked.credits)
    for name, before, after, cap in (("sincrono", tracked.sync, credited.sync, rules.sync_cap),
                                     ("asincrono", async_within_scos, credited.async_, rules.async_cap)):
        if after < before:
            notes.append(f"e-learning {name}: {it.hours(before)} ridotte al limite di {it.hours(cap)}")
    outside = [row for row in register if not rules.start <= row.date <= rules.end]
    if outside:
        notes.append(f"{len(outside)} righe del registro fuori dalle date dell'edizione "
                     f"({it.date(rules.start)} – {it.date(rules.end)})")

    reasons = []
    if credited.total < rules.threshold - EPSILON:
        reasons.append(f"frequenza {it.hours(credited.total)} su {it.hours(rules.total_hours)} "
                       f"({it.percent(100 * credited.total / rules.total_hours)}), minimo {it.hours(rules.threshold)} "
                       f"({it.percent(rules.min_attendance_pct)})")
    units = [_unit_check(learner, unit) for unit in planned]
    reasons.extend(f"{u.label} – {u.reason}" for u in units if not u.passed)
    refused = _admission(learner.admission, rules)
    reasons.extend(refused)
    return Verdict(learner.username, learner.fullname, not reasons, credited, tracked, tuple(units), tuple(scos),
                   tuple(register), tuple(credits), learner.admission, not refused, tuple(reasons), tuple(notes))


def assess(snapshot: Snapshot, register: Iterable[Attendance], credits: Iterable[Credit], standard: Standard,
           plan: CoursePlan) -> Assessment:
    rules = rules_for(standard, plan)
    rows, recognised = _group(register), _group(credits)
    planned = _planned_units(snapshot, standard, plan)
    verdicts = tuple(assess_learner(learner, snapshot.units, planned, rows.get(learner.username, []),
                                    recognised.get(learner.username, []), rules)
                     for learner in sorted(snapshot.learners, key=lambda l: l.username))
    enrolled = {learner.username for learner in snapshot.learners}
    strangers = sorted((set(rows) | set(recognised)) - enrolled)
    notes = ((f"registro o crediti per utenti non iscritti al corso: {', '.join(strangers)}",) if strangers else ())
    return Assessment(rules, verdicts, notes)
