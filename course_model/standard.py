"""The regional standard (content/standard.yml) as plain data: hours, e-learning caps, attendance,
admission, and each training unit's abilities and knowledge.

Every rule value the software applies comes from here (or from the course plan): swapping the
file for another standard changes the rules without touching code. Errors name the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from course_model.i18n import t
from course_model.yamlfile import YamlMap, load_yaml_map

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

    def unknown_item(self, item: str) -> str:
        """What a lesson, question or task is told when it names an item the unit does not have."""
        return t(
            "covers '{item}', which is not an item of UF {code} ({known})",
            item=item,
            code=self.code,
            known=", ".join(self.items),
        )


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


def _items(unit: YamlMap, key: str) -> dict[str, str]:
    items = unit.get_typed(key, dict)
    for item_id, text in items.items():
        if not isinstance(item_id, str) or not _ITEM_ID[key].match(item_id):
            prefix = "A" if key == "abilities" else "K"
            raise items.error(
                t(
                    "{key} ids are {prefix}1, {prefix}2, …; got {id}",
                    key=key,
                    prefix=prefix,
                    id=repr(item_id),
                ),
                item_id,
            )
        if not isinstance(text, str) or not text.strip():
            raise items.error(t("{id} needs its text from the standard", id=item_id), item_id)
    return dict(items)


def load_standard(path: Path) -> Standard:
    data = load_yaml_map(path)
    hours = data.get_typed("hours", dict)
    elearning = data.get_typed("elearning", dict)
    attendance = data.get_typed("attendance", dict)
    admission = data.get_typed("admission", dict)
    units = []
    for unit in data.get_typed("units", list):
        if not isinstance(unit, YamlMap):
            raise data.error(t("each entry of 'units' must be a mapping"), "units")
        code = unit.get_typed("code", (str, int))
        units.append(
            StandardUnit(
                number=unit.get_typed("number", int),
                code=str(code),
                title=unit.get_typed("title", str),
                eqf=unit.get_typed("eqf", int),
                performance=unit.get_typed("performance", str),
                abilities=_items(unit, "abilities"),
                knowledge=_items(unit, "knowledge"),
            )
        )
    codes = [u.code for u in units]
    if len(set(codes)) != len(codes):
        raise data.error(t("unit codes must be unique"), "units")
    for pct_section, key in (
        (elearning, "sync_max_pct_of_aula"),
        (elearning, "async_max_pct_of_aula"),
        (attendance, "max_absence_pct"),
        (attendance, "latest_entry_pct"),
    ):
        pct_section.get_number(key)
    if not 0 <= attendance["max_absence_pct"] <= 100:
        raise attendance.error(
            t("'{key}' must be between 0 and 100", key="max_absence_pct"), "max_absence_pct"
        )
    if not 0 <= attendance["latest_entry_pct"] <= 100:
        raise attendance.error(
            t("'{key}' must be between 0 and 100", key="latest_entry_pct"), "latest_entry_pct"
        )
    return Standard(
        qualification=data.get_typed("qualification", str),
        region=data.get_typed("region", str),
        eqf=data.get_typed("eqf", int),
        description=data.get_typed("description", str, ""),
        duration_years=data.get_number("duration_years", 1),
        hours=StandardHours(
            total_min=hours.get_number("total_min"),
            aula_min=hours.get_number("aula_min"),
            lab_min=hours.get_number("lab_min", 0),
            internship_min=hours.get_number("internship_min", 0),
            internship_lab_min=hours.get_number("internship_lab_min", 0),
            key_competences=hours.get_number("key_competences", 0),
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
