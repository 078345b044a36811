"""Dataclasses to JSON-ready data and back, checked against their type hints.

Loading names the first value that does not fit with its path in the document
(`learners[3].units.uf1.scos.ITEM-a.seconds`), so a hand-edited or truncated file is refused
with a message that says where. Numbers must be finite and moments must carry their time zone,
as every one written does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import types
import typing
from typing import Any, TypeVar

from course_model.i18n import t
from course_model.shapes import shown

T = TypeVar("T")


class DataError(ValueError):
    def __init__(self, path: str, message: str):
        where = path or t("the document")
        super().__init__(f"{where}: {message}")
        self.path = path


def dump(value: Any) -> Any:
    """Dataclasses as dicts (fields computed after init left out), tuples as lists, dates and
    times as ISO 8601."""
    if dataclasses.is_dataclass(value):
        return {f.name: dump(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
    if isinstance(value, (list, tuple)):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {k: dump(v) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def load(cls: type[T], data: Any, path: str = "") -> T:
    """An instance of `cls` (a dataclass or a type hint) from JSON data; DataError where it does
    not fit."""
    return _convert(cls, data, path)


def _convert(hint: Any, data: Any, path: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if data is None and type(None) in options:
            return None
        return _convert(next(o for o in options if o is not type(None)), data, path)
    if dataclasses.is_dataclass(hint):
        return _dataclass(hint, data, path)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return tuple(
            _convert(item, v, f"{path}[{i}]")
            for i, v in enumerate(_expect(data, list, path, t("a list")))
        )
    if origin is dict:
        item = typing.get_args(hint)[1]
        return {
            k: _convert(item, v, f"{path}.{k}")
            for k, v in _expect(data, dict, path, t("an object")).items()
        }
    if hint is float:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise DataError(path, t("expected a number, found {value}", value=shown(data)))
        if isinstance(data, int) and abs(data) >= 10**308 or not math.isfinite(data):
            raise DataError(path, t("expected a finite number, found {value}", value=shown(data)))
        return float(data)
    if hint in (dt.date, dt.datetime, dt.time):
        try:
            value = hint.fromisoformat(_expect(data, str, path, t("an ISO 8601 date")))
        except ValueError:
            raise DataError(
                path, t("expected an ISO 8601 date, found {value}", value=shown(data))
            ) from None
        if hint is dt.datetime and value.utcoffset() is None:
            raise DataError(
                path, t("expected a moment with its time zone, found {value}", value=shown(data))
            )
        return value
    if hint is int and isinstance(data, bool):
        raise DataError(
            path, t("expected {kind}, found {value}", kind=t("a whole number"), value=shown(data))
        )
    return _expect(data, hint, path, _words(hint))


def _words(kind: type) -> str:
    return {int: t("a whole number"), str: t("text"), bool: t("true or false")}.get(kind, str(kind))


def _expect(data: Any, kind: type, path: str, what: str) -> Any:
    if not isinstance(data, kind):
        raise DataError(path, t("expected {kind}, found {value}", kind=what, value=shown(data)))
    return data


def _dataclass(cls: type, data: Any, path: str) -> Any:
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    data = _expect(data, dict, path, t("an object"))
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise DataError(path, t("unknown field {name}", name=repr(unknown[0])))
    values = {}
    for name, field in fields.items():
        where = f"{path}.{name}" if path else name
        if name in data:
            values[name] = _convert(_hints(cls)[name], data[name], where)
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise DataError(where, t("missing"))
    return cls(**values)
