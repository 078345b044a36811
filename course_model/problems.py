"""Problems found in data from outside (a value an LMS stored, a record a site keeps), kept as a
code and the values it names, never as a sentence: a snapshot holds them, and whoever reads it
later sees each one in their own language (`str(problem)`).

A code names one message below; its values are texts, shown as they were found. A snapshot of
an earlier schema holds sentences instead: each is a problem of code TEXT, shown as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from course_model.i18n import t

# The codes: one per message of `_messages()`.
TEXT = "text"  # a sentence written by an earlier version, in the language of its pull
TIME = "time"
CHOICE = "choice"
NUMBER = "number"
NUMBER_TOO_LARGE = "number-too-large"
INTEGER_TOO_LARGE = "integer-too-large"
MOMENT = "moment"
MOMENT_OUT_OF_RANGE = "moment-out-of-range"
SCALED_SCORE = "scaled-score"
SCORE_RANGE = "score-range"
SCORE_OUTSIDE = "score-outside"
SCORE_RANGE_UNUSABLE = "score-range-unusable"
ADMISSION_FIELD = "admission-field"


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem of a value read from outside; `attempt` is the SCO attempt it was found in."""

    code: str
    params: dict[str, str] = field(default_factory=dict)
    attempt: int | None = None

    def __str__(self) -> str:
        """The problem in the active language."""
        message = _messages().get(self.code)
        if self.code == TEXT:
            text = self.params.get("text", "")
        elif message is None:  # a code this version does not know
            text = f"{self.code} {self.params}"
        else:
            text = message.format_map(_Known(self._shown_values()))
        if self.attempt is None:
            return text
        return t("attempt {attempt}: {problem}", attempt=self.attempt, problem=text)

    def _shown_values(self) -> dict[str, str]:
        """The values as the message shows them: an admission record's field in words, an empty
        value said to be empty."""
        values = dict(self.params)
        if self.code == ADMISSION_FIELD:
            values["field"] = _field_words().get(values.get("field", ""), values.get("field", "?"))
            values["value"] = values.get("value") or t("empty")
        return values


class _Known(dict[str, str]):
    """The values of a problem; one a message names but the problem lacks is shown as "?"."""

    def __missing__(self, key: str) -> str:
        return "?"


def _messages() -> dict[str, str]:
    """Each code's message in the active language, its {placeholders} to be filled."""
    return {
        TIME: t(
            "{element} = {value} is not valid (expected HHHH:MM:SS.SS or an ISO 8601 duration "
            "like PT1H30M)"
        ),
        CHOICE: t("{element} = {value} is not valid (expected {choices})"),
        NUMBER: t("{element} = {value} is not valid (expected a number)"),
        NUMBER_TOO_LARGE: t("{element} = {value} is not valid (expected a number within {limit})"),
        INTEGER_TOO_LARGE: t(
            "{element} = {sign}2**{power} or more is not valid (expected a number within {limit})"
        ),
        MOMENT: t("{element} = {value} is not valid (expected a Unix time)"),
        MOMENT_OUT_OF_RANGE: t(
            "{element} = {value} is not valid (expected a Unix time between {first} and {last})"
        ),
        SCALED_SCORE: t("scaled score {scaled} outside -1..1"),
        SCORE_RANGE: t("maximum score {high} not above the minimum {low}"),
        SCORE_OUTSIDE: t("score {raw} outside the range {low}..{high}"),
        SCORE_RANGE_UNUSABLE: t("score range {low}..{high} cannot be used"),
        ADMISSION_FIELD: t("the admission record in Moodle has no valid {field}: {value}"),
    }


def _field_words() -> dict[str, str]:
    """The fields of an admission record (course_model.admission.Admission's) in words."""
    return {
        "birthdate": t("birth date"),
        "education_eqf": t("education level"),
        "joined": t("joining date"),
    }
