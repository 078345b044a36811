"""Problems kept in data: a code and its values, put into words in the language of the reader."""

from __future__ import annotations

from course_model import i18n, problems
from course_model import scorm_data as cmi
from course_model.problems import Problem


def test_the_same_problem_reads_in_either_language() -> None:
    problem = cmi.score_percent(150, None, None, None).problem
    assert problem == Problem(problems.SCORE_OUTSIDE, {"raw": "150", "low": "0", "high": "100"})
    assert str(problem) == "score 150 outside the range 0..100"
    i18n.use("it")
    assert str(problem) == "punteggio 150 fuori dall'intervallo 0..100"


def test_the_attempt_it_was_found_in_comes_first() -> None:
    problem = Problem(problems.SCALED_SCORE, {"scaled": "1.5"}, attempt=3)
    assert str(problem) == "attempt 3: scaled score 1.5 outside -1..1"
    i18n.use("it")
    assert str(problem) == "tentativo 3: punteggio scalato 1.5 fuori da -1..1"


def test_a_huge_integer_is_told_by_its_size() -> None:
    problem = cmi.parse_number("graderaw", -(10**400)).problem
    assert str(problem) == (
        "graderaw = -2**1328 or more is not valid (expected a number within ±1e+09)"
    )


def test_an_admission_record_names_its_field_in_words() -> None:
    empty = Problem(problems.ADMISSION_FIELD, {"field": "joined", "value": ""})
    assert str(empty) == "the admission record in Moodle has no valid joining date: empty"
    i18n.use("it")
    assert str(empty) == (
        "la scheda di ammissione in Moodle non ha un valore valido per data di ingresso: vuoto"
    )


def test_a_sentence_of_an_earlier_version_is_shown_as_written() -> None:
    old = Problem(problems.TEXT, {"text": "tentativo 1: cmi.core.total_time = 'x' non valido"})
    assert str(old) == "tentativo 1: cmi.core.total_time = 'x' non valido"


def test_a_hand_edited_problem_is_shown_not_raised() -> None:
    assert str(Problem("no-such-code", {"a": "1"})) == "no-such-code {'a': '1'}"
    assert str(Problem(problems.SCORE_RANGE, {"high": "3"})) == (
        "maximum score 3 not above the minimum ?"
    )
    assert str(Problem(problems.TIME, {"element": "{value}", "value": "{0}"})) == (
        "{value} = {0} is not valid (expected HHHH:MM:SS.SS or an ISO 8601 duration like PT1H30M)"
    )
