"""The shape a piece of JSON must have before any of it is used: lists where lists are expected,
the keys the reader reads present and of the right type. Moodle's answers and the build report
are checked with it.

A shape is a type name (INT, NUMBER, TEXT, FLAG, ANY), a list holding one shape (every item
has it), `Sized(count, [shape])` for a list of exactly that many items, a dict of key → shape
(other keys are allowed: Moodle adds fields between versions), `Optional(shape)` for a key
that may be missing, `Nullable(shape)` for a value that may be null, or `Either(a, b)` for a
value with one shape or the other. Moodle writes ids and
numbers as JSON numbers or as strings depending on the function, so INT and NUMBER accept both
forms; FLAG accepts true/false and 1/0. INT is at most 18 digits, as a database id is, and
NUMBER is finite: no huge integer or Infinity gets through as a number.

A wrong shape raises ShapeMismatch saying where it is wrong, in the user's language; each
reader turns it into its own one-line error, so nothing is ever decided from a malformed read.
"""

from __future__ import annotations

import math
import re
import reprlib
from dataclasses import dataclass
from typing import Any

from course_model.i18n import t, tn

# The type names; what they are in words is `_words()`.
INT, NUMBER, TEXT, FLAG, ANY = (
    "a whole number",
    "a number",
    "text",
    "true/false or 1/0",
    "any value",
)
_INT_TEXT = re.compile(r"-?\d{1,18}", re.ASCII)
_INT_LIMIT = 10**18
_NUMBER_TEXT = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", re.ASCII)
PRESENT = "present"  # what is expected of a key that is missing


@dataclass(frozen=True, slots=True)
class Optional:
    shape: Any


@dataclass(frozen=True, slots=True)
class Nullable:
    shape: Any


@dataclass(frozen=True, slots=True)
class Either:
    first: Any
    second: Any


@dataclass(frozen=True, slots=True)
class Sized:
    """A list of exactly `count` items, each with the shape of `items` (a one-shape list)."""

    count: int
    items: list[Any]


class ShapeMismatch(ValueError):
    def __init__(self, where: str, expected: str, found: str):
        super().__init__(describe(where, expected, found))
        self.where, self.expected, self.found = where, expected, found


def describe(where: str, expected: str, found: str) -> str:
    return (
        t("{where} is missing", where=where)
        if expected == PRESENT
        else t(
            "{where} should be {expected}, found {found}",
            where=where,
            expected=expected,
            found=found,
        )
    )


def check(value: Any, shape: Any) -> Any:
    """`value`, once it is known to have `shape`; ShapeMismatch otherwise."""
    problem = _problem(value, shape)
    if problem is not None:
        where, expected, found = problem
        raise ShapeMismatch(where.removeprefix(".") or t("the whole"), expected, found)
    return value


def _words(kind: str) -> str:
    return {
        INT: t("a whole number"),
        NUMBER: t("a number"),
        TEXT: t("text"),
        FLAG: t("true/false or 1/0"),
    }[kind]


def _problem(value: Any, shape: Any) -> tuple[str, str, str] | None:
    """(where, what was expected, what was found) of the first misfit, in words, or None.
    `where` is the path from `value` (".key[3]"), written only for a misfit: answers hold
    thousands of values."""
    if isinstance(shape, str):  # most values are leaves
        return None if _fits(value, shape) else ("", _words(shape), shown(value))
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return "", t("an object"), shown(value)
        for key, inner in shape.items():
            if key not in value:
                if isinstance(inner, Optional):
                    continue
                return f".{key}", PRESENT, ""
            found = _problem(value[key], inner.shape if isinstance(inner, Optional) else inner)
            if found:
                return (f".{key}{found[0]}", *found[1:])
        return None
    if isinstance(shape, list):
        if not isinstance(value, list):
            return "", t("a list"), shown(value)
        for index, item in enumerate(value):
            found = _problem(item, shape[0])
            if found:
                return (f"[{index}]{found[0]}", *found[1:])
        return None
    if isinstance(shape, Nullable):
        return None if value is None else _problem(value, shape.shape)
    if isinstance(shape, Either):
        if _problem(value, shape.first) is None:
            return None
        return _problem(value, shape.second)
    if isinstance(shape, Sized):
        if isinstance(value, list) and len(value) != shape.count:
            return (
                "",
                tn("a list of {count} item", "a list of {count} items", shape.count),
                tn("{count} item", "{count} items", len(value)),
            )
        return _problem(value, shape.items)
    raise AssertionError(f"unknown shape {shape!r}")


def _fits(value: Any, kind: str) -> bool:
    if kind == ANY:
        return True
    if kind == TEXT:
        return isinstance(value, str)
    if kind == FLAG:
        return (
            isinstance(value, bool)
            or (isinstance(value, int) and value in (0, 1))
            or value in ("0", "1")
        )
    if isinstance(value, bool):
        return False
    if kind == INT:
        return (isinstance(value, int) and -_INT_LIMIT < value < _INT_LIMIT) or (
            isinstance(value, str) and _INT_TEXT.fullmatch(value) is not None
        )
    if kind == NUMBER:
        if isinstance(value, str):
            if not _NUMBER_TEXT.fullmatch(value):
                return False
            value = float(value)
        if isinstance(value, int):
            return abs(value) < 10**308  # beyond a float's range
        return isinstance(value, float) and math.isfinite(value)
    raise AssertionError(f"unknown shape {kind!r}")


_SHOWN = reprlib.Repr()
_SHOWN.maxlevel, _SHOWN.maxstring, _SHOWN.maxother, _SHOWN.maxlong = 3, 60, 60, 40


def shown(value: Any) -> str:
    """A short repr, however long or deep the value (the server chose it)."""
    text = _SHOWN.repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
