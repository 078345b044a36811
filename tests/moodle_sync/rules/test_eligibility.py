"""The eligibility engine: credited hours with their caps, unit verifications, admission, every
reason."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_model import problems
from course_model.plan import CoursePlan, load_course_plan
from course_model.problems import Problem
from course_model.standard import Standard, load_standard
from moodle_sync.files.credits import Credit
from moodle_sync.files.register import Attendance
from moodle_sync.files.snapshot import Admission, AdmissionRecord, Learner, ScoResult, Snapshot
from moodle_sync.rules.eligibility import Assessment, Verdict, assess, sco_credits
from tests.conftest import write_content
from tests.moodle_sync.sample_snapshot import (
    ADMITTED,
    LESSONS,
    QUIZ,
    UNITS,
    learner,
    snapshot,
    unit_info,
)

# The conftest's course: 110 h in all, so the threshold is 88 h (80 %); e-learning caps 60 h each
# (the 60 aula hours e-learning may replace: 210 % and 120 % of them cannot bind); TUI 20/03/2027.

pytestmark = pytest.mark.usefixtures("italian")  # the reasons an Italian administrator reads
LESSON_STATUS_OK = Problem(
    problems.CHOICE,
    {"element": "cmi.core.lesson_status", "value": "'ok'", "choices": "passed | failed"},
    attempt=1,
)


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> tuple[Standard, CoursePlan]:
    content = write_content(tmp_path_factory.mktemp("course") / "content")
    return load_standard(content / "standard.yml"), load_course_plan(content / "course.yml")


def attend(username: str, modality: str, hours: float, first_day: int = 0) -> list[Attendance]:
    """Rows of at most 4 hours on consecutive days from 1 February 2027."""
    rows, day = [], first_day
    while hours > 0:
        length = min(hours, 4)
        end = dt.datetime(2027, 1, 1, 9) + dt.timedelta(hours=length)
        rows.append(
            Attendance(
                username,
                dt.date(2027, 2, 1) + dt.timedelta(days=day),
                dt.time(9),
                end.time(),
                modality,
                2 + day,
            )
        )
        hours, day = hours - length, day + 1
    return rows


def one(snap: Snapshot, rules: tuple[Standard, CoursePlan], register=(), credits=()) -> Verdict:  # noqa: ANN001
    return assess(snap, register, credits, *rules).verdicts[0]


def test_an_eligible_learner(rules: tuple[Standard, CoursePlan]) -> None:
    verdict = one(
        snapshot(learner("anna")), rules, attend("anna", "aula", 70) + attend("anna", "lab", 20, 30)
    )
    # async: four lessons of 25 min and two quizzes of 10 min, all within their nominal time
    assert verdict.credited.async_ == pytest.approx(2)
    assert verdict.credited.total == pytest.approx(92)
    assert verdict.eligible and verdict.reasons == () and verdict.notes == ()
    assert [u.passed for u in verdict.units] == [True, True]


def test_attendance_below_the_threshold_says_by_how_much(
    rules: tuple[Standard, CoursePlan],
) -> None:
    verdict = one(snapshot(learner("anna")), rules, attend("anna", "aula", 68))
    assert not verdict.eligible
    assert verdict.reasons == ("frequenza 70 h su 110 h (63,6 %), minimo 88 h (80 %)",)


def test_exactly_the_threshold_is_enough(rules: tuple[Standard, CoursePlan]) -> None:
    verdict = one(snapshot(learner("anna")), rules, attend("anna", "aula", 86))
    assert verdict.credited.total == pytest.approx(88) and verdict.eligible


def test_async_time_is_capped_per_sco_then_in_sum(rules: tuple[Standard, CoursePlan]) -> None:
    capped_per_sco = one(snapshot(learner("anna", lesson_seconds=7200)), rules)
    assert capped_per_sco.tracked.async_ == pytest.approx(4 * 2 + 2 * 600 / 3600)
    assert capped_per_sco.credited.async_ == pytest.approx(2)
    assert all(
        s.credited_hours <= s.duration_hours
        for s in sco_credits(capped_per_sco.learner, snapshot().units)
    )
    long_units = tuple(unit_info(*u[:3], nominal=3000) for u in UNITS)
    capped_in_sum = one(snapshot(learner("anna", lesson_seconds=200_000), units=long_units), rules)
    assert capped_in_sum.credited.async_ == 60
    assert "e-learning asincrono: 200,3 h ridotte al limite di 60 h" in capped_in_sum.notes


def test_sync_is_capped_and_credits_count_as_attended(rules: tuple[Standard, CoursePlan]) -> None:
    verdict = one(
        snapshot(learner("anna")),
        rules,
        attend("anna", "sync", 70) + attend("anna", "stage", 20, 30),
        [Credit("anna", 6.5, "Corso sicurezza", 2)],
    )
    assert (verdict.tracked.sync, verdict.credited.sync, verdict.credited.credits) == (70, 60, 6.5)
    assert verdict.credited.total == pytest.approx(60 + 20 + 2 + 6.5)
    assert "e-learning sincrono: 70 h ridotte al limite di 60 h" in verdict.notes
    assert verdict.eligible


def test_a_sco_without_nominal_duration_credits_nothing(rules: tuple[Standard, CoursePlan]) -> None:
    units = (unit_info(*UNITS[0], nominal=None), unit_info(*UNITS[1]))
    verdict = one(snapshot(learner("anna"), units=units), rules)
    assert verdict.credited.async_ == pytest.approx((2 * 1500 + 2 * 600) / 3600)
    assert any("durata nominale sconosciuta" in note for note in verdict.notes)


@pytest.mark.parametrize(
    ("quiz", "passed", "reason"),
    [
        (ScoResult("passed", 40, 60, "total_time", 1), True, None),
        (
            ScoResult("failed", 70, 60, "total_time", 1),
            True,
            None,
        ),  # the score reaches the mastery score
        (
            ScoResult("failed", 45, 60, "total_time", 1),
            False,
            "verifica non superata: punteggio 45 %, minimo 60 %",
        ),
        (ScoResult(), False, "verifica non sostenuta"),
        (
            ScoResult("incomplete", None, 60, "total_time", 1),
            False,
            "verifica non completata (stato incomplete)",
        ),
        (
            ScoResult("failed", None, 60, "total_time", 1),
            False,
            "verifica non superata (esito failed, nessun punteggio valido)",
        ),
        (
            ScoResult(
                None,
                None,
                0,
                None,
                1,
                problems=(LESSON_STATUS_OK,),
            ),
            False,
            "verifica non completata (stato assente o non valido); valori non validi: tentativo 1: "
            "cmi.core.lesson_status = 'ok' non valido (atteso passed | failed)",
        ),
    ],
)
def test_unit_verifications(
    rules: tuple[Standard, CoursePlan], quiz: ScoResult, passed: bool, reason: str | None
) -> None:
    verdict = one(snapshot(learner("anna", quiz=quiz)), rules, attend("anna", "aula", 90))
    assert [u.passed for u in verdict.units] == [passed, passed]
    assert verdict.eligible == passed
    if reason:
        assert verdict.reasons == (f"UF1 (1784) – {reason}", f"UF2 (1790) – {reason}")


def test_a_unit_missing_on_moodle_or_without_quiz(rules: tuple[Standard, CoursePlan]) -> None:
    no_quiz = dataclasses.replace(unit_info(*UNITS[1]), scos=unit_info(*UNITS[1]).scos[:2])
    verdict = one(snapshot(learner("anna"), units=(no_quiz,)), rules, attend("anna", "aula", 90))
    assert verdict.reasons == (
        "uf1-utente – attività SCORM dell'unità non trovata nel corso su Moodle",
        "UF2 (1790) – nessuna verifica nel pacchetto SCORM dell'unità",
    )


@pytest.mark.parametrize(
    ("admission", "reason"),
    [
        (
            Admission(dt.date(2009, 1, 12), 4, dt.date(2027, 1, 11)),
            "età 17 anni all'avvio del corso (11/01/2027), minimo 18",
        ),
        (
            Admission(dt.date(1990, 1, 1), 3, dt.date(2027, 1, 11)),
            "titolo di studio di livello EQF 3, minimo EQF 4 (Diploma)",
        ),
        (
            Admission(dt.date(1990, 1, 1), 4, dt.date(2027, 3, 21)),
            "ingresso il 21/03/2027, dopo il termine ultimo di inserimento 20/03/2027 "
            "(20 % delle ore)",
        ),
        (
            None,
            "ammissione non verificabile: mancano data di nascita, titolo di studio e data di "
            "ingresso",
        ),
    ],
)
def test_admission(
    rules: tuple[Standard, CoursePlan], admission: Admission | None, reason: str
) -> None:
    verdict = one(snapshot(learner("anna", admission=admission)), rules, attend("anna", "aula", 90))
    assert verdict.reasons == (reason,)


def test_eighteen_on_the_first_day_and_joining_on_the_tui_are_admitted(
    rules: tuple[Standard, CoursePlan],
) -> None:
    admission = Admission(dt.date(2009, 1, 11), 4, dt.date(2027, 3, 20))
    assert one(
        snapshot(learner("anna", admission=admission)), rules, attend("anna", "aula", 90)
    ).eligible


def test_where_the_admission_data_come_from_is_noted(rules: tuple[Standard, CoursePlan]) -> None:
    record = AdmissionRecord(ADMITTED, "ED-1", "ammesso il 05/01/2027", "iscritti.csv:2")
    recorded = dataclasses.replace(learner("anna"), admission_record=record)
    hours = attend("anna", "aula", 90)
    assert one(snapshot(recorded), rules, hours).notes == ()
    other = Admission(dt.date(1995, 5, 4), 6, dt.date(2027, 1, 12))
    from_file = dataclasses.replace(recorded, admission=other)
    assert one(snapshot(from_file), rules, hours).notes == (
        "il file delle iscrizioni riporta dati di ammissione (04/05/1995, EQF 6, 12/01/2027) "
        "diversi dalla scheda in Moodle (04/05/1995, EQF 4, 11/01/2027): valgono quelli del file",
    )
    elsewhere = dataclasses.replace(
        recorded, admission=None, admission_record=dataclasses.replace(record, edition="ED-0")
    )
    verdict = one(snapshot(elsewhere), rules, hours)
    assert verdict.notes == ("la scheda di ammissione in Moodle è dell'edizione ED-0, non di ED-1",)
    assert not verdict.admitted
    broken = dataclasses.replace(
        recorded,
        admission=None,
        admission_record=AdmissionRecord(
            None, "ED-1", problems=(Problem(problems.ADMISSION_FIELD, {"field": "birthdate"}),)
        ),
    )
    assert one(snapshot(broken), rules, hours).notes == (
        "la scheda di ammissione in Moodle non ha un valore valido per data di nascita: vuoto",
    )


def test_several_reasons_and_rows_of_strangers(rules: tuple[Standard, CoursePlan]) -> None:
    assessment = assess(
        snapshot(learner("bruno", quiz=ScoResult()), learner("anna")),
        attend("anna", "aula", 90) + attend("zoe", "aula", 4),
        [Credit("yann", 2, "x")],
        *rules,
    )
    assert [v.username for v in assessment.verdicts] == ["anna", "bruno"]
    assert len(assessment.verdicts[1].reasons) == 3
    assert assessment.notes[0] == "registro o crediti per utenti non iscritti al corso: yann, zoe"


def test_problems_in_tracks_are_shown_to_the_auditor(rules: tuple[Standard, CoursePlan]) -> None:
    base = learner("anna")
    bad = ScoResult(
        None,
        None,
        0,
        None,
        1,
        problems=(
            Problem(
                problems.TIME,
                {"element": "cmi.core.session_time", "value": "'5 minutes'"},
                attempt=1,
            ),
        ),
    )
    units = {
        u: dataclasses.replace(r, scos={**r.scos, LESSONS[0]: bad}) for u, r in base.units.items()
    }
    verdict = one(
        snapshot(dataclasses.replace(base, units=units)), rules, attend("anna", "aula", 90)
    )
    assert (
        "uf1-utente · Lezione 1: tentativo 1: cmi.core.session_time = '5 minutes' non valido "
        "(atteso HHHH:MM:SS.SS oppure una durata ISO 8601 come PT1H30M) (non accreditato)"
        in verdict.notes
    )


def test_register_rows_outside_the_edition_are_noted(rules: tuple[Standard, CoursePlan]) -> None:
    early = Attendance("anna", dt.date(2026, 12, 1), dt.time(9), dt.time(13), "aula")
    verdict = one(snapshot(learner("anna")), rules, [early, *attend("anna", "aula", 90)])
    assert (
        "1 riga del registro fuori dalle date dell'edizione (11/01/2027 – 17/12/2027)"
        in verdict.notes
    )


# --- properties ------------------------------------------------------------------------------

MODALITIES = ("aula", "sync", "lab", "stage")
sco_results = st.builds(
    ScoResult,
    status=st.sampled_from([None, "passed", "failed", "completed", "incomplete"]),
    score=st.one_of(st.none(), st.floats(0, 100)),
    seconds=st.floats(0, 300_000),
    attempts=st.integers(0, 3),
)
admissions = st.one_of(
    st.none(),
    st.builds(
        Admission,
        st.dates(dt.date(1950, 1, 1), dt.date(2012, 1, 1)),
        st.integers(1, 8),
        st.dates(dt.date(2026, 12, 1), dt.date(2027, 6, 1)),
    ),
)
# Register hours by modality, up to well past every cap and the threshold; a session lasts up to
# 12 hours.
sessions = st.lists(st.tuples(st.sampled_from(MODALITIES), st.integers(0, 150)), max_size=4)
credit_hours = st.lists(st.floats(0.5, 40), max_size=3)


@st.composite
def learners(draw: st.DrawFn) -> Learner:
    base = learner("anna", admission=draw(admissions))
    return dataclasses.replace(
        base,
        units={
            unit_id: dataclasses.replace(
                result, scos={sco: draw(sco_results) for sco in (*LESSONS, QUIZ)}
            )
            for unit_id, result in base.units.items()
        },
    )


def register_of(sessions: list[tuple[str, int]]) -> list[Attendance]:
    days = [
        (modality, min(12, hours - start))
        for modality, hours in sessions
        for start in range(0, hours, 12)
    ]
    return [
        Attendance(
            "anna",
            dt.date(2027, 2, 1) + dt.timedelta(days=day),
            dt.time(8),
            dt.time(8 + hours),
            modality,
            day + 2,
        )
        for day, (modality, hours) in enumerate(days)
    ]


def judge(
    rules: tuple[Standard, CoursePlan],
    who: Learner,
    sessions: list,
    credits: list,
    nominal: float | None = 25,
) -> Assessment:
    units = tuple(unit_info(*u, nominal=nominal) for u in UNITS)
    return assess(
        snapshot(who, units=units),
        register_of(sessions),
        [Credit("anna", h, "r") for h in credits],
        *rules,
    )


@settings(max_examples=150, deadline=None)
@given(
    who=learners(),
    sessions=sessions,
    credits=credit_hours,
    extra=sessions,
    extra_credits=credit_hours,
    extra_seconds=st.floats(0, 20_000),
    nominal=st.sampled_from([25, 4000]),
)
def test_more_attendance_never_makes_an_eligible_learner_ineligible(
    rules: tuple[Standard, CoursePlan],
    who: Learner,
    sessions: list,
    credits: list,
    extra: list,
    extra_credits: list,
    extra_seconds: float,
    nominal: float,
) -> None:
    before = judge(rules, who, sessions, credits, nominal).verdicts[0]
    more_time = dataclasses.replace(
        who,
        units={
            u: dataclasses.replace(
                r,
                scos={
                    sco: dataclasses.replace(res, seconds=res.seconds + extra_seconds)
                    for sco, res in r.scos.items()
                },
            )
            for u, r in who.units.items()
        },
    )
    after = judge(rules, more_time, sessions + extra, credits + extra_credits, nominal).verdicts[0]
    assert after.credited.total >= before.credited.total - 1e-9
    for key, hours in before.credited.by_modality().items():
        assert after.credited.by_modality()[key] >= hours - 1e-9
    assert after.eligible or not before.eligible


@settings(max_examples=150, deadline=None)
@given(
    who=learners(),
    sessions=sessions,
    credits=credit_hours,
    nominal=st.sampled_from([None, 25, 4000]),
)
def test_no_cap_is_ever_exceeded_and_every_no_has_a_reason(
    rules: tuple[Standard, CoursePlan],
    who: Learner,
    sessions: list,
    credits: list,
    nominal: float | None,
) -> None:
    assessment = judge(rules, who, sessions, credits, nominal)
    verdict, limits = assessment.verdicts[0], assessment.rules
    assert verdict.credited.sync <= limits.sync_cap + 1e-9
    assert verdict.credited.async_ <= limits.async_cap + 1e-9
    scos = assessment.sco_credits(verdict)
    for sco in scos:
        assert 0 <= sco.credited_hours <= (sco.duration_hours or 0) + 1e-9
        assert sco.credited_hours <= sco.tracked_hours + 1e-9
    assert verdict.credited.async_ == pytest.approx(
        min(sum(s.credited_hours for s in scos), limits.async_cap)
    )
    tracked, credited = verdict.tracked.by_modality(), verdict.credited.by_modality()
    assert all(credited[key] <= tracked[key] + 1e-9 for key in credited)
    assert verdict.eligible == (not verdict.reasons)
    assert all(reason.strip() for reason in verdict.reasons)


def test_async_time_is_credited_only_as_far_as_the_register_backs_it(
    rules: tuple[Standard, CoursePlan],
) -> None:
    from tests.moodle_sync.registro_data import sessions_of

    # 2 h tracked in each lesson of 25 minutes; the register has 25 min in each lesson of UF1
    # (SCO ids 10 and 11) and nothing in UF2.
    person = learner("anna", lesson_seconds=7200)
    without = assess(snapshot(person), (), (), *rules)
    assert "non sono verificate sulle sessioni" in without.notes[-1]
    logged = dataclasses.replace(
        snapshot(person),
        sessions=tuple(s for s in sessions_of(3, 1) if s.kind == "session"),
        sessions_from=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        sessions_to=dt.datetime(2027, 2, 1, tzinfo=dt.UTC),
    )
    backed = assess(logged, (), (), *rules)
    quizzes = 2 * 600 / 3600  # the quizzes' tracked time, within their 30 minutes, no sessions
    assert without.verdicts[0].credited.async_ == pytest.approx(4 * 25 / 60 + quizzes)
    assert backed.verdicts[0].credited.async_ == pytest.approx(2 * 25 / 60)
    assert not any("sessioni" in note for note in backed.notes)
    details = {
        (c.unit_id, c.sco.item): c.credited_hours for c in backed.sco_credits(backed.verdicts[0])
    }
    assert details["uf1-utente", "ITEM-sco-01-intro"] == pytest.approx(25 / 60)
    assert details["uf2-manutenzione", "ITEM-sco-01-intro"] == 0
    notes = backed.verdicts[0].notes
    assert "uf1-utente · Lezione 1: tracciate 2:00:00, connesso 0:25:00" in notes
