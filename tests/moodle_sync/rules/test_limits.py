from __future__ import annotations

from pathlib import Path

import pytest

from course_model.plan import load_course_plan
from course_model.standard import load_standard
from moodle_sync.rules.limits import (
    Severity,
    check_limits,
    elearning_caps,
    render_findings,
    violations,
)
from tests.conftest import UNIT_HOURS, write_content


def findings_for(tmp_path: Path, **changes: dict[str, float]) -> list:
    hours = {unit: {**UNIT_HOURS[unit], **changes.get(unit, {})} for unit in UNIT_HOURS}
    folder = write_content(
        tmp_path / "content", hours, key_competences=changes.get("kc", {}).get("hours", 10)
    )
    return check_limits(
        load_standard(folder / "standard.yml"), load_course_plan(folder / "course.yml")
    )


def test_the_fixture_plan_passes_with_two_warnings(tmp_path: Path) -> None:
    findings = findings_for(tmp_path)
    assert violations(findings) == []
    warnings = [f for f in findings if f.severity is Severity.WARNING]
    assert [w.rule for w in warnings] == ["sync e-learning cap", "async e-learning cap"]
    assert "the sync cap of 126 h (210 % of 60 h) exceeds the 60 aula hours" in warnings[0].note
    assert "cannot bind" in warnings[0].note and "sync + async <= 60 h" in warnings[0].note


def test_elearning_caps_come_from_the_standard(course: tuple) -> None:
    caps = elearning_caps(*course)
    assert (caps.aula_hours, caps.sync_cap, caps.async_cap) == (60, 126, 72)
    assert (caps.effective_sync_cap, caps.effective_async_cap) == (60, 60)
    assert (caps.planned_sync, caps.planned_async) == (14, 6)


@pytest.mark.parametrize(
    "changes, rule",
    [
        (
            {
                "uf1-utente": {"aula": 1, "sync": 1, "async": 1},
                "uf2-manutenzione": {"aula": 1, "sync": 1, "async": 1},
            },
            "classroom hours (aula + sync + async + KC)",
        ),
        ({"uf1-utente": {"lab": 0, "stage": 10}}, "internship + lab hours"),
        ({"kc": {"hours": 5}}, "key-competence hours"),
        (
            {"uf1-utente": {"aula": 0, "sync": 40}, "uf2-manutenzione": {"aula": 0, "sync": 30}},
            "sync + async e-learning (the aula hours they replace)",
        ),
        ({"uf1-utente": {"aula": 1, "lab": 0, "stage": 15}}, "total hours"),
    ],
)
def test_each_rule_can_be_broken(tmp_path: Path, changes: dict, rule: str) -> None:
    broken = violations(findings_for(tmp_path, **changes))
    assert rule in [f.rule for f in broken]


def test_a_cap_below_the_aula_hours_binds(tmp_path: Path) -> None:
    folder = write_content(
        tmp_path / "content",
        {"uf1-utente": {"aula": 40, "sync": 30, "async": 3, "lab": 15, "stage": 15}},
    )
    text = (
        (folder / "standard.yml")
        .read_text()
        .replace("sync_max_pct_of_aula: 210", "sync_max_pct_of_aula: 30")
    )
    (folder / "standard.yml").write_text(text)
    findings = check_limits(
        load_standard(folder / "standard.yml"), load_course_plan(folder / "course.yml")
    )
    assert [f.rule for f in violations(findings)] == ["sync e-learning (30 % of 60 aula hours)"]
    assert [f.rule for f in findings if f.severity is Severity.WARNING] == ["async e-learning cap"]


def test_the_table_shows_the_figures(tmp_path: Path) -> None:
    table = render_findings(findings_for(tmp_path, kc={"hours": 5}))
    line = next(row for row in table.splitlines() if row.startswith("key-competence hours"))
    assert line.split() == ["key-competence", "hours", "5", ">=", "10", "VIOLATION"]
    assert "warning: the async cap of 72 h" in table
