"""The standard (content/standard.yml) and the course plan (content/course.yml) as plain data.

Both files are validated here; every error names the file and line. Nothing in the rest of
the project hard-codes a rule value: they all come from these two objects.
"""

from __future__ import annotations

from dataclasses import dataclass

import datetime as dt
import re
from pathlib import Path

from course_model.errors import ContentError
from course_model.yamlfile import YamlMap, load_yaml_map

MODALITIES = ("aula", "sync", "async", "lab", "stage")
UNIT_ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
_ITEM_ID = {"abilities": re.compile(r"^A[1-9][0-9]*$"), "knowledge": re.compile(r"^K[1-9][0-9]*$")}


@dataclass(frozen=True, slots=True)
class StandardUnit:
    """One training unit (UF) as the standard defines it."""

    number: int
    code: str
    title: str
    eqf: int
    performance: str
    abilities: dict[str, str]
    knowledge: dict[str, str]

    @property
    def items(self) -> dict[str, str]:
        """Every ability and knowledge item, by id (A1.., K1..)."""
        return {**self.abilities, **self.knowledge}


@dataclass(frozen=True, slots=True)
class StandardHours:
    total_min: float
    aula_min: float
    lab_min: float
    internship_min: float
    internship_lab_min: float
    key_competences: float


@dataclass(frozen=True, slots=True)
class Standard:
    qualification: str
    region: str
    eqf: int
    description: str
    duration_years: float
    hours: StandardHours
    sync_max_pct_of_aula: float
    async_max_pct_of_aula: float
    max_absence_pct: float
    latest_entry_pct: float
    min_age: int
    min_eqf: int
    education: str
    foreign_language_level: str
    units: tuple[StandardUnit, ...]
    path: Path | None = None

    def unit(self, code: str) -> StandardUnit | None:
        return next((u for u in self.units if u.code == code), None)


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
        return {"aula": self.aula, "sync": self.sync, "async": self.async_, "lab": self.lab, "stage": self.stage}


@dataclass(frozen=True, slots=True)
class UnitPlan:
    id: str
    hours: UnitHours
    line: int = 0


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

    @property
    def total_hours(self) -> float:
        return sum(u.hours.total for u in self.units) + self.key_competences

    @property
    def classroom_hours(self) -> float:
        """Aula in presence + sync + async e-learning + key competences (delivered in aula)."""
        return sum(u.hours.classroom for u in self.units) + self.key_competences


def _number(node: YamlMap, key: str, default: float | None = None) -> float:
    value = node.get_typed(key, (int, float)) if default is None else node.get_typed(key, (int, float), default)
    if value < 0:
        raise node.error(f"'{key}' must not be negative", key)
    return value


def _section(node: YamlMap, key: str) -> YamlMap:
    return node.get_typed(key, dict)


def _items(unit: YamlMap, key: str) -> dict[str, str]:
    items = unit.get_typed(key, dict)
    for item_id, text in items.items():
        if not isinstance(item_id, str) or not _ITEM_ID[key].match(item_id):
            prefix = "A" if key == "abilities" else "K"
            raise items.error(f"{key} ids are {prefix}1, {prefix}2, …; got {item_id!r}", item_id)
        if not isinstance(text, str) or not text.strip():
            raise items.error(f"{item_id} needs its text from the standard", item_id)
    return dict(items)


def load_standard(path: Path) -> Standard:
    data = load_yaml_map(path)
    hours = _section(data, "hours")
    elearning = _section(data, "elearning")
    attendance = _section(data, "attendance")
    admission = _section(data, "admission")
    units = []
    for unit in data.get_typed("units", list):
        if not isinstance(unit, YamlMap):
            raise data.error("each entry of 'units' must be a mapping", "units")
        code = unit.get_typed("code", (str, int))
        units.append(StandardUnit(
            number=unit.get_typed("number", int),
            code=str(code),
            title=unit.get_typed("title", str),
            eqf=unit.get_typed("eqf", int),
            performance=unit.get_typed("performance", str),
            abilities=_items(unit, "abilities"),
            knowledge=_items(unit, "knowledge"),
        ))
    codes = [u.code for u in units]
    if len(set(codes)) != len(codes):
        raise data.error("unit codes must be unique", "units")
    for pct_section, key in ((elearning, "sync_max_pct_of_aula"), (elearning, "async_max_pct_of_aula"),
                             (attendance, "max_absence_pct"), (attendance, "latest_entry_pct")):
        _number(pct_section, key)
    if not 0 <= attendance["max_absence_pct"] <= 100:
        raise attendance.error("'max_absence_pct' must be between 0 and 100", "max_absence_pct")
    if not 0 <= attendance["latest_entry_pct"] <= 100:
        raise attendance.error("'latest_entry_pct' must be between 0 and 100", "latest_entry_pct")
    return Standard(
        qualification=data.get_typed("qualification", str),
        region=data.get_typed("region", str),
        eqf=data.get_typed("eqf", int),
        description=data.get_typed("description", str, ""),
        duration_years=_number(data, "duration_years", 1),
        hours=StandardHours(
            total_min=_number(hours, "total_min"),
            aula_min=_number(hours, "aula_min"),
            lab_min=_number(hours, "lab_min", 0),
            internship_min=_number(hours, "internship_min", 0),
            internship_lab_min=_number(hours, "internship_lab_min", 0),
            key_competences=_number(hours, "key_competences", 0),
        ),
        sync_max_pct_of_aula=elearning["sync_max_pct_of_aula"],
        async_max_pct_of_aula=elearning["async_max_pct_of_aula"],
        max_absence_pct=attendance["max_absence_pct"],
        latest_entry_pct=attendance["latest_entry_pct"],
        min_age=admission.get_typed("min_age", int),
        min_eqf=admission.get_typed("min_eqf", int),
        education=admission.get_typed("education", str, ""),
        foreign_language_level=admission.get_typed("foreign_language_level", str, ""),
        units=tuple(units),
        path=path,
    )


def _date(node: YamlMap, key: str) -> dt.date:
    value = node.get(key)
    if isinstance(value, dt.date):
        return value
    raise node.error(f"'{key}' must be a date written YYYY-MM-DD", key if key in node else None)


def load_course_plan(path: Path) -> CoursePlan:
    data = load_yaml_map(path)
    edition = _section(data, "edition")
    units = []
    seen: set[str] = set()
    for unit in data.get_typed("units", list):
        if not isinstance(unit, YamlMap):
            raise data.error("each entry of 'units' must be a mapping", "units")
        unit_id = unit.get_typed("id", str)
        if not UNIT_ID_PATTERN.match(unit_id):
            raise unit.error(f"unit id {unit_id!r} must be lower-case letters, digits and hyphens", "id")
        if unit_id in seen:
            raise unit.error(f"unit id {unit_id!r} appears twice", "id")
        seen.add(unit_id)
        hours = unit.get_typed("hours", dict)
        hours.reject_unknown(set(MODALITIES))
        units.append(UnitPlan(
            id=unit_id,
            hours=UnitHours(**{("async_" if m == "async" else m): _number(hours, m, 0) for m in MODALITIES}),
            line=unit.line,
        ))
    start, end = _date(edition, "start"), _date(edition, "end")
    if end <= start:
        raise edition.error("the edition must end after it starts", "end")
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
        key_competences=_number(data, "key_competences", 0),
        units=tuple(units),
        path=path,
    )
