"""The course plan (content/course.yml) as plain data: per unit, its hours by modality; the edition's dates.

Errors name the file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from course_model.i18n import t
from course_model.yamlfile import YamlMap, load_yaml_map

MODALITIES = ("aula", "sync", "async", "lab", "stage")
UNIT_ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
TIMEZONE = ZoneInfo("Europe/Rome")  # the region's courses run on Italian time


@dataclass(frozen=True, slots=True)
class UnitHours:
    """Hours of one UF by modality; aula + sync + async are its classroom hours."""

    aula: float = 0
    sync: float = 0
    async_: float = 0
    lab: float = 0
    stage: float = 0

    @property
    def classroom(self) -> float:
        return self.aula + self.sync + self.async_

    @property
    def total(self) -> float:
        return self.classroom + self.lab + self.stage

    def by_modality(self) -> dict[str, float]:
        return {
            "aula": self.aula,
            "sync": self.sync,
            "async": self.async_,
            "lab": self.lab,
            "stage": self.stage,
        }


@dataclass(frozen=True, slots=True)
class UnitPlan:
    id: str
    hours: UnitHours
    line: int = 0
    start: dt.date | None = None  # when course.yml gives it; see CoursePlan.unit_start


@dataclass(frozen=True, slots=True)
class Edition:
    code: str
    start: dt.date
    end: dt.date
    category: str


@dataclass(frozen=True, slots=True)
class CoursePlan:
    title: str
    language: str
    provider: str
    keywords: tuple[str, ...]
    edition: Edition
    key_competences: float
    units: tuple[UnitPlan, ...]
    path: Path | None = None

    def unit(self, unit_id: str) -> UnitPlan | None:
        return next((u for u in self.units if u.id == unit_id), None)

    def hours_by_modality(self) -> dict[str, float]:
        totals = dict.fromkeys(MODALITIES, 0.0)
        for unit in self.units:
            for modality, hours in unit.hours.by_modality().items():
                totals[modality] += hours
        return totals

    def unit_start(self, unit_id: str) -> dt.date:
        """The day a unit starts: course.yml's `start`, else the day the hours of the units
        before it have run, spread evenly over the edition (as for the latest entry date)."""
        before = 0.0
        for unit in self.units:
            if unit.id == unit_id:
                if unit.start is not None:
                    return unit.start
                span = (self.edition.end - self.edition.start).days
                share = before / self.total_hours if self.total_hours else 0
                return self.edition.start + dt.timedelta(days=int(span * share))
            before += unit.hours.total
        raise KeyError(unit_id)

    @property
    def total_hours(self) -> float:
        return sum(u.hours.total for u in self.units) + self.key_competences

    @property
    def classroom_hours(self) -> float:
        """Aula in presence + sync + async e-learning + key competences (delivered in aula)."""
        return sum(u.hours.classroom for u in self.units) + self.key_competences


def _date(node: YamlMap, key: str) -> dt.date:
    value = node.get(key)
    if isinstance(value, dt.date):
        return value
    raise node.error(f"'{key}' must be a date written YYYY-MM-DD", key if key in node else None)


def load_course_plan(path: Path) -> CoursePlan:
    data = load_yaml_map(path)
    edition = data.get_typed("edition", dict)
    units = []
    seen: set[str] = set()
    for unit in data.get_typed("units", list):
        if not isinstance(unit, YamlMap):
            raise data.error("each entry of 'units' must be a mapping", "units")
        unit_id = unit.get_typed("id", str)
        if not UNIT_ID_PATTERN.match(unit_id):
            raise unit.error(
                f"unit id {unit_id!r} must be lower-case letters, digits and hyphens", "id"
            )
        if unit_id in seen:
            raise unit.error(f"unit id {unit_id!r} appears twice", "id")
        seen.add(unit_id)
        unit.reject_unknown({"id", "hours", "start"})
        hours = unit.get_typed("hours", dict)
        hours.reject_unknown(set(MODALITIES))
        units.append(
            UnitPlan(
                id=unit_id,
                hours=UnitHours(
                    **{
                        ("async_" if m == "async" else m): hours.get_number(m, 0)
                        for m in MODALITIES
                    }
                ),
                line=unit.line,
                start=_date(unit, "start") if "start" in unit else None,
            )
        )
    start, end = _date(edition, "start"), _date(edition, "end")
    if end <= start:
        raise edition.error("the edition must end after it starts", "end")
    for unit_plan in units:
        if unit_plan.start is not None and not start <= unit_plan.start < end:
            raise data.error(
                t(
                    "unit {unit} starts on {day}, outside the edition",
                    unit=unit_plan.id,
                    day=unit_plan.start.isoformat(),
                ),
                "units",
            )
    return CoursePlan(
        title=data.get_typed("title", str),
        language=data.get_typed("language", str, "it"),
        provider=data.get_typed("provider", str, ""),
        keywords=tuple(str(k) for k in data.get_typed("keywords", list, [])),
        edition=Edition(
            code=str(edition.get_typed("code", str)),
            start=start,
            end=end,
            category=edition.get_typed("category", str, "Corsi"),
        ),
        key_competences=data.get_number("key_competences", 0),
        units=tuple(units),
        path=path,
    )


def timestamp(day: dt.date) -> int:
    """Midnight of `day` in the course's time zone, as an LMS stores a date."""
    return int(dt.datetime.combine(day, dt.time(), TIMEZONE).timestamp())
