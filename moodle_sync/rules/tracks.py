"""One learner's tracks for one SCO (every attempt) read into a validated result.

Both ways of pulling (the plugin's one-call report and core's per-SCO tracks) hand the
stored elements of each attempt to `read_attempt`, and `combine` the attempts, so the two
give the same result from the same data. Only `cmi.*` elements are trusted: Moodle's summary
pseudo-elements show `00:00:00` as total time when the SCO never sent one, and 0 as the score
when the score was not a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from course_model import scorm_data as cmi
from course_model.problems import Problem
from moodle_sync.files.snapshot import ScoResult

_TIME_ELEMENTS = (
    ("total_time", ("cmi.core.total_time", "cmi.total_time")),
    ("session_time", ("cmi.core.session_time", "cmi.session_time")),
)


@dataclass(frozen=True)
class AttemptReading:
    number: int
    status: str | None
    score: float | None
    seconds: float | None
    time_source: str | None
    started: dt.datetime | None
    modified: dt.datetime | None
    problems: tuple[Problem, ...]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _keep(reading: cmi.Reading, problems: list[Problem]):  # noqa: ANN202
    if reading.problem:
        problems.append(reading.problem)
    return reading.value


def _read_status(elements: Mapping[str, object], problems: list[Problem]) -> str | None:
    def choice(name: str, vocabulary: tuple[str, ...]) -> str | None:
        return (
            _keep(cmi.parse_choice(name, _text(elements[name]), vocabulary), problems)
            if name in elements
            else None
        )

    if "cmi.core.lesson_status" in elements:
        return choice("cmi.core.lesson_status", cmi.LESSON_STATUSES_12)
    return cmi.status_2004(
        choice("cmi.completion_status", cmi.COMPLETION_STATUSES_2004),
        choice("cmi.success_status", cmi.SUCCESS_STATUSES_2004),
    )


def _read_score(elements: Mapping[str, object], problems: list[Problem]) -> float | None:
    parts = {}
    for part in ("raw", "min", "max", "scaled"):
        name = next(
            (n for n in (f"cmi.core.score.{part}", f"cmi.score.{part}") if n in elements), None
        )
        parts[part] = (
            _keep(cmi.parse_decimal(name, _text(elements[name])), problems) if name else None
        )
    return _keep(
        cmi.score_percent(parts["raw"], parts["min"], parts["max"], parts["scaled"]), problems
    )


def _read_time(
    elements: Mapping[str, object], problems: list[Problem]
) -> tuple[float | None, str | None]:
    """Total time if the SCO (or Moodle's player) stored a valid one, else the last session time."""
    for source, names in _TIME_ELEMENTS:
        name = next((n for n in names if n in elements), None)
        seconds = _keep(cmi.parse_time(name, _text(elements[name])), problems) if name else None
        if seconds is not None:
            return seconds, source
    return None, None


def read_attempt(number: int, elements: Mapping[str, object]) -> AttemptReading:
    """The elements Moodle stored for one attempt
    (name → value, as get_scorm_sco_tracks lists them)."""
    problems: list[Problem] = []
    status = _read_status(elements, problems)
    score = _read_score(elements, problems)
    seconds, source = _read_time(elements, problems)
    started = _keep(cmi.parse_moment("x.start.time", elements.get("x.start.time")), problems)
    modified = _keep(cmi.parse_moment("timemodified", elements.get("timemodified")), problems)
    return AttemptReading(
        number, status, score, seconds, source, started, modified, tuple(problems)
    )


def combine(attempts: Iterable[AttemptReading]) -> ScoResult:
    """Every attempt's time added up; best status and score of any attempt; problems per attempt."""
    attempts = sorted(attempts, key=lambda a: a.number)
    if not attempts:
        return ScoResult()
    statuses = [a.status for a in attempts if a.status]
    scores = [a.score for a in attempts if a.score is not None]
    timed = [a for a in attempts if a.seconds is not None]
    sources = sorted({a.time_source for a in timed})
    started = [a.started or a.modified for a in attempts if a.started or a.modified]
    modified = [a.modified for a in attempts if a.modified]
    return ScoResult(
        status=cmi.best_status(statuses),
        score=max(scores) if scores else None,
        seconds=round(sum(a.seconds for a in timed), 2),
        time_source="+".join(sources) if sources else None,
        attempts=len(attempts),
        first_access=min(started, default=None),
        last_access=max(modified, default=None),
        problems=tuple(replace(p, attempt=a.number) for a in attempts for p in a.problems),
    )


def elements_of(tracks: Iterable[Mapping[str, object]]) -> dict[str, object]:
    """get_scorm_sco_tracks' flat `[{element, value}]` list as a mapping."""
    return {str(t.get("element")): t.get("value") for t in tracks}
