"""The course plan (content/course.yml) as plain data: per unit, its hours by modality; the
edition's dates; the branding of the learner's pages.

Errors name the file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from course_model.colours import (
    CONTROL_CONTRAST,
    HEX,
    TEXT_CONTRAST,
    WHITE,
    six_digits,
    worst_contrast,
)
from course_model.i18n import t
from course_model.yamlfile import YamlMap, load_yaml_map

MODALITIES = ("aula", "sync", "async", "lab", "stage")
UNIT_ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
TIMEZONE = ZoneInfo("Europe/Rome")  # the region's courses run on Italian time
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
GENERIC_FONTS = frozenset(
    "serif sans-serif monospace cursive fantasy system-ui ui-serif ui-sans-serif ui-monospace "
    "ui-rounded math emoji fangsong".split()
)
# A font family: a name of letters, digits, spaces and hyphens, bare or in quotes.
_FAMILY = re.compile(r"""[A-Za-z][A-Za-z0-9 -]*|"[A-Za-z0-9 -]+"|'[A-Za-z0-9 -]+'""")


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
class Branding:
    """How the learner's pages look: a logo (a file under content/), the primary colour (headings,
    links, buttons) and the accent colour (focus, highlights) as #rrggbb, and a list of font
    families; None where the course keeps the runtime's own."""

    logo: Path | None = None
    primary: str | None = None
    accent: str | None = None
    font: str | None = None


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
    branding: Branding = Branding()

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
    raise node.error(
        t("'{key}' must be a date written YYYY-MM-DD", key=key), key if key in node else None
    )


def _colour(node: YamlMap, key: str, needed: float) -> str | None:
    """A hex colour with at least `needed` contrast on white pages and boxes, as #rrggbb."""
    if key in node and node[key] is None:  # `primary: #0b5394` is a key and a comment
        raise node.error(
            t("'{key}' is empty: write the colour in quotes, like \"#0b5394\"", key=key), key
        )
    value = node.get_typed(key, str, None)
    if value is None:
        return None
    if not HEX.fullmatch(value.strip()):
        raise node.error(
            t("'{key}' must be a colour written \"#rrggbb\", not '{value}'", key=key, value=value),
            key,
        )
    colour = six_digits(value.strip())
    if worst_contrast(colour, WHITE) < needed:
        raise node.error(
            t(
                "'{key}' {colour} has a contrast of {ratio}:1 on the white pages and their boxes, "
                "below the {needed}:1 that WCAG 2.1 AA asks for: choose a darker colour",
                key=key,
                colour=colour,
                ratio=f"{worst_contrast(colour, WHITE):.2f}",
                needed=f"{needed:g}",
            ),
            key,
        )
    return colour


def _font(node: YamlMap) -> str | None:
    """A CSS font-family list of installed fonts, ending with a generic family."""
    value = node.get_typed("font", str, None)
    if value is None:
        return None
    families = [family.strip() for family in value.split(",")]
    if (
        not all(_FAMILY.fullmatch(family) for family in families)
        or families[-1] not in GENERIC_FONTS
    ):
        raise node.error(
            t(
                "'font' must be a list of font families separated by commas, ending with a "
                "generic one (sans-serif, serif, system-ui…), not '{value}': pages use the fonts "
                "installed on the learner's device and load none",
                value=value,
            ),
            "font",
        )
    return ", ".join(families)


def _logo(node: YamlMap, content: Path) -> Path | None:
    """The logo's file: an image under content/."""
    value = node.get_typed("logo", str, None)
    if value is None:
        return None
    relative = Path(value)
    if (
        relative.is_absolute()
        or ".." in relative.parts
        or relative.suffix.lower() not in LOGO_TYPES
    ):
        raise node.error(
            t(
                "'logo' must be an image ({types}) inside the content folder, written as a "
                "relative path, not '{value}'",
                types=", ".join(LOGO_TYPES),
                value=value,
            ),
            "logo",
        )
    if not (content / relative).is_file():
        raise node.error(t("'logo': {path} not found", path=content / relative), "logo")
    return content / relative


def _branding(data: YamlMap) -> Branding:
    if "branding" not in data:
        return Branding()
    node = data.get_typed("branding", dict)
    node.reject_unknown({"logo", "primary", "accent", "font"})
    return Branding(
        logo=_logo(node, data.path.parent),
        primary=_colour(node, "primary", TEXT_CONTRAST),
        accent=_colour(node, "accent", CONTROL_CONTRAST),
        font=_font(node),
    )


def load_course_plan(path: Path) -> CoursePlan:
    data = load_yaml_map(path)
    edition = data.get_typed("edition", dict)
    units = []
    seen: set[str] = set()
    for unit in data.get_typed("units", list):
        if not isinstance(unit, YamlMap):
            raise data.error(t("each entry of 'units' must be a mapping"), "units")
        unit_id = unit.get_typed("id", str)
        if not UNIT_ID_PATTERN.match(unit_id):
            raise unit.error(
                t(
                    "unit id {id} must be lower-case letters, digits and hyphens",
                    id=repr(unit_id),
                ),
                "id",
            )
        if unit_id in seen:
            raise unit.error(t("unit id {id} appears twice", id=repr(unit_id)), "id")
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
        raise edition.error(t("the edition must end after it starts"), "end")
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
        branding=_branding(data),
    )


def timestamp(day: dt.date) -> int:
    """Midnight of `day` in the course's time zone, as an LMS stores a date."""
    return int(dt.datetime.combine(day, dt.time(), TIMEZONE).timestamp())
